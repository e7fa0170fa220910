"""The offline bundle's scripts and guide, as the secretary's laptop reads them."""
from votekit.cli.bundle import write_scripts


def test_the_bat_scripts_are_what_cmd_reads_on_a_chinese_windows(tmp_path):
    (tmp_path / "wheelhouse").mkdir()
    write_scripts(tmp_path, ("windows", "linux"), ("3.11", "3.12", "3.13"))
    raw = (tmp_path / "安装.bat").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("gbk")
    assert '"py -3.13" "py -3.12" "py -3.11" "python"' in text
    assert "(3, 11) <= sys.version_info[:2] <= (3, 13)" in text and "calcsize('P') == 8" in text
    assert "没有找到可用的 Python" in text and "python.org" in text


def test_the_guide_names_what_the_laptop_needs_beforehand(tmp_path):
    (tmp_path / "wheelhouse").mkdir()
    (tmp_path / "wheelhouse" / "x-1.0-py3-none-any.whl").write_bytes(b"0" * 2**20)
    write_scripts(tmp_path, ("windows", "linux"), ("3.11", "3.12", "3.13"))
    raw = (tmp_path / "使用说明.txt").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    guide = raw.decode("utf-8-sig")
    assert "Python 3.11、3.12、3.13" in guide and "不带" in guide and "python.org" in guide
    assert "Windows x64、Linux x86-64" in guide and "文档\\votekit" in guide
    sh = (tmp_path / "install.sh").read_text("utf-8")
    assert "--no-index --find-links wheelhouse" in sh and "python3.13 python3.12 python3.11" in sh


def fake_wheel(folder, name, requires):
    import zipfile
    path = folder / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: " + name + "\n"
                    + "".join(f"Requires-Dist: {r}\n" for r in requires))
    return path


def test_a_requirement_only_windows_needs_is_found_missing_for_windows(tmp_path):
    from votekit.cli import wheelhouse as wh
    fake_wheel(tmp_path, "click", ['colorama; platform_system == "Windows"',
                                   'pytest; extra == "tests"', "markupsafe>=2"])
    fake_wheel(tmp_path, "markupsafe", [])
    assert wh.missing(tmp_path, wh.marker_environment("windows", "3.12")) == ["colorama"]
    assert wh.missing(tmp_path, wh.marker_environment("linux", "3.12")) == []
    assert wh.marker_environment("current", "3.11") is None
