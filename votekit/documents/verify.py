"""Re-check a sealed archive: every hash, the audit chain, every round re-counted and every
void round's record checked (more returned than issued, nothing counted).

A bad archive is an answer, not an error: :func:`verify_archive` always returns
an :class:`ArchiveCheck` whose ``summary`` names each bad file in Chinese.
Members with ``..`` or absolute paths are refused, and so are zip bombs
(total uncompressed size, member count and compression ratio are capped; sizes
are counted while reading, not trusted from the headers).
"""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass

from ..core import appraisal, motions
from ..core.audit_chain import EVENT_FIELDS, event_hash
from ..core.export import verdict_to_data
from ..core.record import RecordError, parse_round
from ..core.verdict import judge
from .archive import (INDEX_PDF, TALLY_PDF, VOID_STATUS, archive_root, covered, manifest_line,
                      records_root, sha256)

MAX_TOTAL = 512 * 1024 * 1024   # bytes uncompressed, whole archive
MAX_MEMBERS = 10_000
MAX_RATIO = 200                 # uncompressed / compressed, for members over 1 MiB
LINE = re.compile(r"([0-9a-f]{64})  (\S(?:.*\S)?)")
HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ArchiveCheck:
    ok: bool
    problems: tuple[tuple[str, str], ...]   # (file, what is wrong)
    root: str = ""                          # the archive root, computed from the files
    records_root: str = ""
    rounds: int = 0
    events: int = 0
    void_rounds: int = 0                    # rounds declared void (收回多于发出), checked, never counted

    @property
    def bad_files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for f, _ in self.problems))

    @property
    def summary(self) -> str:
        if self.ok:
            void = (f"另有{self.void_rounds}轮选举无效（收回的选票多于发出的选票，未计票），记录核对无误，"
                    if self.void_rounds else "")
            return (f"归档完整：所有文件的哈希值相符，{self.rounds}轮计票记录重新计票结果一致，{void}"
                    f"审计记录{self.events}条哈希链完整。\n{self.roots}")
        lines = [f"归档不完整，发现问题{len(self.problems)}处："]
        lines += [f"  {name}：{what}" for name, what in self.problems]
        if self.root:
            lines.append(self.roots)
        return "\n".join(lines)

    @property
    def roots(self) -> str:
        return (f"归档根指纹（按文件实际内容计算）：{self.root}（应与归档目录、计票结果报告单上所印一致）\n"
                f"计票记录指纹：{self.records_root}（应与计票结果报告单底部所印一致）")


def unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (name.startswith(("/", "\\")) or ".." in parts or "\\" in name
            or re.match(r"^[A-Za-z]:", name) is not None or "\x00" in name)


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 16):
            out += chunk
            if len(out) > budget:
                raise OverflowError
    return bytes(out)


def _load(path, problems: list) -> dict[str, bytes] | None:
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        problems.append((str(path), f"无法作为 zip 归档打开（{exc}）"))
        return None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            problems.append((str(path), f"文件数超过{MAX_MEMBERS}个，拒绝处理"))
            return None
        if sum(i.file_size for i in infos) > MAX_TOTAL:
            problems.append((str(path), "解压后总大小超过上限，疑似压缩炸弹，拒绝处理"))
            return None
        members, budget = {}, MAX_TOTAL
        for info in infos:
            name = info.filename
            if unsafe_name(name):
                problems.append((name, "路径不安全（含 .. 或绝对路径），拒绝处理"))
                continue
            if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                problems.append((name, "压缩比异常，疑似压缩炸弹，拒绝处理"))
                continue
            if info.is_dir():
                continue
            try:
                members[name] = _read(zf, info, budget)
            except OverflowError:
                problems.append((name, "解压后总大小超过上限，拒绝处理"))
                return None
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                problems.append((name, f"文件已损坏，无法读取（{exc}）"))
                continue
            budget -= len(members[name])
        return members


def _manifest(members: dict[str, bytes], problems: list) -> list[tuple[str, str]] | None:
    """The MANIFEST's (digest, path) lines, in ``sha256sum`` format."""
    raw = members.get("MANIFEST")
    if raw is None:
        problems.append(("MANIFEST", "缺少归档清单"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(("MANIFEST", "归档清单不是 UTF-8 文本"))
        return None
    rows = text.split("\n")
    if rows[-1] != "" or len(rows) < 2:
        problems.append(("MANIFEST", "归档清单格式不符"))
        return None
    bad = [line for line in rows[:-1] if not LINE.fullmatch(line)]
    if bad:
        problems.append(("MANIFEST", "归档清单格式不符（第一处：" + bad[0][:80] + "）"))
        return None
    return [LINE.fullmatch(line).groups() for line in rows[:-1]]


def _hashes(members: dict[str, bytes], entries: list[tuple[str, str]], problems: list) -> None:
    listed = set()
    for digest, name in entries:
        listed.add(name)
        data = members.get(name)
        if data is None:
            problems.append((name, "清单中列出的文件缺失"))
        elif sha256(data) != digest:
            # either the file or its line in the MANIFEST was changed: name both
            problems.append((name, "文件内容与清单记录的 SHA-256 不符，已被改动"))
            problems.append(("MANIFEST", f"清单中“{name}”一行与该文件不符（文件或清单被改动）"))
    unlisted = [n for n in members if n != "MANIFEST" and n not in listed]
    for name in unlisted:
        problems.append((name, "文件不在归档清单中"))
    if unlisted or any(n not in members for n in listed):
        problems.append(("MANIFEST", "归档清单与归档中的文件不一致（清单或文件被改动、增删）"))


def _printed(data: bytes | None) -> dict[str, object]:
    """What a paper printing the roots stores in its PDF metadata: both roots and
    (归档目录) the SHA-256 of every covered file."""
    if data is None:
        return {}
    try:
        import pypdfium2
        doc = pypdfium2.PdfDocument(data)
        try:
            words = (doc.get_metadata_dict().get("Keywords") or "").split()
        finally:
            doc.close()
    except Exception:       # an unreadable PDF is reported by the hash checks
        return {}
    out: dict[str, object] = {"files": {}}
    for word in words:
        key, _, value = word.rpartition(":")
        path, _, digest = word.rpartition("=")
        if key in ("votekit-archive-root", "votekit-records-root") and HEX.fullmatch(value):
            out[key] = value
        elif path and HEX.fullmatch(digest):
            out["files"][path] = digest
    return out


def _name_changes(members: dict[str, bytes], listed: dict[str, str], problems: list) -> bool:
    """Name each covered file that is not as the 归档目录 lists it: replaced, added, removed."""
    found = False
    for name in sorted(n for n in members if covered(n)):
        if name not in listed:
            problems.append((name, "归档目录的电子文件清单中没有此文件：是后来加入的"))
            found = True
        elif sha256(members[name]) != listed[name]:
            problems.append((name, "与归档目录所列的 SHA-256 不符：此文件被替换或改动"))
            found = True
    for name in sorted(set(listed) - set(members)):
        problems.append((name, "归档目录列出的文件在归档中找不到：已被删除"))
        found = True
    return found


def _roots(members: dict[str, bytes], expected: str | None, problems: list) -> tuple[str, str]:
    lines = [manifest_line(n, data) for n, data in members.items() if n != "MANIFEST"]
    root, records = archive_root(lines), records_root(lines)
    tally, index = _printed(members.get(TALLY_PDF)), _printed(members.get(INDEX_PDF))
    for path, printed in ((TALLY_PDF, tally), (INDEX_PDF, index)):
        if path in members and printed.get("votekit-archive-root") not in (None, root):
            problems.append((path, "所印归档根指纹与归档中的文件不符"))
    if TALLY_PDF in members and tally.get("votekit-records-root") != records:
        problems.append((TALLY_PDF, "所印计票记录指纹与归档中的计票记录不符"))
    named = False
    if index.get("files") and (root != index.get("votekit-archive-root") or
                               (expected and expected.lower() != root)):
        named = _name_changes(members, index["files"], problems)
    if expected and expected.lower() == records and records != root:
        problems.append(("（纸面指纹）", "给出的是计票记录指纹，请改用归档目录、计票结果报告单上所印的"
                         f"归档根指纹；按文件计算的归档根指纹为{root}"))
    elif expected and expected.lower() != root:
        problems.append(("（纸面指纹）", f"归档根指纹与给定的指纹不一致：按文件计算为{root}"
                         + ("" if named else "，无法确定是哪个文件")))
    return root, records


def _recount(name: str, data: bytes, problems: list) -> bool:
    try:
        stored = json.loads(data.decode("utf-8"))
        verdict = verdict_to_data(judge(parse_round(stored)))
    except (UnicodeDecodeError, ValueError, RecursionError):
        problems.append((name, "计票记录不是有效的 JSON"))
        return False
    except RecordError as exc:
        problems.append((name, f"计票记录格式错误：{exc}"))
        return False
    kept = stored.get("verdict") if isinstance(stored, dict) else None
    if kept != verdict:
        fields = [k for k in verdict if not isinstance(kept, dict) or kept.get(k) != verdict[k]]
        problems.append((name, "重新计票的结果与记录的结果不符（" + "、".join(fields[:6]) + "）"))
    return True


def _void(name: str, data: bytes, problems: list) -> bool:
    """A void round's record: more ballots back than out, declared void, and nothing counted."""
    try:
        stored = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        problems.append((name, "选举无效的记录不是有效的 JSON"))
        return False
    if not isinstance(stored, dict):
        problems.append((name, "选举无效的记录格式错误"))
        return False
    issued, returned = stored.get("ballots_issued"), stored.get("ballots_returned")
    if not all(type(n) is int and n >= 0 for n in (issued, returned)):
        problems.append((name, "选举无效的记录缺少发出或收回的选票张数"))
        return False
    if returned <= issued:
        problems.append((name, f"记录为选举无效，但收回的选票（{returned}张）并不多于发出的选票（{issued}张）"))
    if stored.get("status") != VOID_STATUS or stored.get("election_valid") is not False:
        problems.append((name, "选举无效的记录所写结果与收回、发出的张数不符"))
    if stored.get("tally") or stored.get("ballots"):
        problems.append((name, "选举无效的一轮不应有计票结果"))
    return True


def _audit(name: str, data: bytes, problems: list) -> int:
    events, prev = 0, None
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        try:
            ev = json.loads(line)
        except (ValueError, RecursionError):
            problems.append((name, f"第{n}行不是有效的 JSON"))
            continue
        if not isinstance(ev, dict):
            problems.append((name, f"第{n}行不是一条审计记录"))
            continue
        events += 1
        if prev is not None and ev.get("prev_hash") != prev:
            problems.append((name, f"第{n}条记录的前一哈希与上一条不符，哈希链断开"))
        if all(k in ev for k in EVENT_FIELDS) and \
                event_hash(*(ev[k] for k in EVENT_FIELDS)) != ev.get("hash"):
            problems.append((name, f"第{n}条记录内容被改动（哈希不符）"))
        prev = ev.get("hash")
    return events


def _other_votes(name: str, data: bytes, problems: list) -> None:
    """表决 and 民主测评 records re-judged from their numbers (RULES.md §10)."""
    check = {"votes/motions.json": motions.recheck_archived,
             "votes/appraisals.json": appraisal.recheck_archived}.get(name)
    if check is None:
        return
    try:
        items = json.loads(data.decode("utf-8"))
        found = check(items)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        problems.append((name, "表决或测评记录格式错误，无法重新核对"))
        return
    problems.extend((name, text) for text in found)


def verify_archive(path, expected_root: str | None = None) -> ArchiveCheck:
    """Every hash against the MANIFEST, the roots against the papers that print them and
    (``expected_root``) against the root printed on paper, every round re-counted, the
    audit chain and the other votes re-checked."""
    problems: list[tuple[str, str]] = []
    members = _load(path, problems)
    entries = _manifest(members, problems) if members is not None else None
    if entries is None:
        return ArchiveCheck(False, tuple(problems))
    _hashes(members, entries, problems)
    root, recorded = _roots(members, expected_root, problems)
    rounds = sum(_recount(n, members[n], problems) for n in sorted(members)
                 if n.startswith("rounds/") and n.endswith(".json"))
    voids = sum(_void(n, members[n], problems) for n in sorted(members)
                if n.startswith("void/") and n.endswith(".json"))
    events = sum(_audit(n, members[n], problems) for n in sorted(members)
                 if n.startswith("audit/") and n.endswith(".jsonl"))
    for name in sorted(n for n in members if n.startswith("votes/") and n.endswith(".json")):
        _other_votes(name, members[name], problems)
    if not rounds:
        problems.append(("rounds/", "归档中没有计票记录"))
    return ArchiveCheck(not problems, tuple(problems), root, recorded, rounds, events, voids)
