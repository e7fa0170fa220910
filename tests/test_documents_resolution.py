"""The 支部大会决议 the votes screen prints (pdf/resolution.py): the branch's 党员大会, and
names never broken across lines, wherever the line happens to end."""
from __future__ import annotations

import pytest

from tests.documents_support import bbox_pages, flat, pdf_text
from votekit.pdf.resolution import ResolutionPaper, render_resolutions


def paper(filler: int) -> ResolutionPaper:
    pad = "经支部委员会审查" + "认真" * filler
    return ResolutionPaper(
        branch="中共市统计局机关第二支部委员会", meeting_date="2026年11月22日",
        subject="关于接收欧阳建国同志为中共预备党员的决议", method="举手表决", expected=28,
        present=26, observers="预备党员2名（不参加表决）", agree=25, against=0, abstain=1,
        carried=True, sentence=f"{pad}，欧阳建国同志符合条件，赞成票超过应到会有表决权的正式党员的半数。",
        decision=f"{pad}，同意接收欧阳建国同志为中共预备党员，预备期一年。", secretary="王建国")


@pytest.mark.parametrize("filler", range(0, 24, 3))
def test_names_whole_and_the_branch_meeting(tmp_path, filler):
    path = tmp_path / "r.pdf"
    render_resolutions([paper(filler)], path)
    text = flat(pdf_text(path))
    assert "中共市统计局机关第二支部党员大会" in text and "委员会党员大会" not in text
    assert "主要表现：（由支部委员会填写）" in text               # a line to fill for 接收预备党员
    lines = [ln[4] for ln in bbox_pages(path)[0]["lines"]]
    for a, b in zip(lines, lines[1:]):
        joined = a + b
        for name in ("欧阳建国", "王建国"):
            at = joined.find(name)
            while at >= 0:
                assert not at < len(a) < at + len(name), (a, b)
                at = joined.find(name, at + 1)
        assert b[:1] not in "，。、；：）", b
