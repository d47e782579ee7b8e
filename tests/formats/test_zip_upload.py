"""innen.formats.zip_upload: a ZIP upload is refused before it unpacks into more than it may."""

import io
import struct
import zipfile

import pytest

from innen.formats.camt053 import read_camt053
from innen.formats.statement import StatementError
from innen.formats.zip_upload import MAX_FILES, MAX_UNPACKED_BYTES, zip_files

MB = 1024 * 1024


def archive(*files: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name, content in files:
            packed.writestr(name, content)
    return buffer.getvalue()


def bomb(size: int) -> bytes:
    """One file of `size` zero bytes, which deflate packs into a thousandth of that."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed,
        packed.open("statement.xml", "w") as member,
    ):
        for _ in range(size // MB):
            member.write(bytes(MB))
    return buffer.getvalue()


def empty_files(count: int) -> bytes:
    return archive(*((f"{number}.xml", b"") for number in range(count)))


def claiming_one_file(data: bytes) -> bytes:
    """The archive with its end record saying it lists one file, whatever it lists."""
    end = data.rfind(b"PK\x05\x06")
    return data[: end + 8] + struct.pack("<HH", 1, 1) + data[end + 12 :]


def test_the_limits_are_200_mb_and_1000_files():
    assert (MAX_UNPACKED_BYTES, MAX_FILES) == (200 * MB, 1000)


def test_an_archive_that_unpacks_to_more_than_200_mb_is_refused_naming_the_limit():
    data = bomb(MAX_UNPACKED_BYTES + MB)
    assert len(data) < MB
    with pytest.raises(StatementError, match="unpacks to more than 200 MB") as caught:
        read_camt053(data, "day.zip")
    assert caught.value.where == "day.zip"


def test_files_that_together_unpack_to_more_than_200_mb_are_refused():
    half = bytes(MAX_UNPACKED_BYTES // 2 + 1)
    with pytest.raises(StatementError, match="more than 200 MB"):
        list(zip_files(archive(("a.xml", half), ("b.xml", half)), "day.zip"))


def test_an_archive_of_more_than_1000_files_is_refused_naming_the_limit():
    with pytest.raises(StatementError, match="more than 1,000 files"):
        read_camt053(empty_files(MAX_FILES + 1), "day.zip")


def test_an_end_record_that_understates_the_files_does_not_let_them_in():
    with pytest.raises(StatementError, match="more than 1,000 files"):
        read_camt053(claiming_one_file(empty_files(MAX_FILES + 1)), "day.zip")


def test_a_table_of_contents_longer_than_1000_files_need_is_refused_before_it_is_read(
    monkeypatch,
):
    data = claiming_one_file(archive(*((f"{n:0>1000}.xml", b"") for n in range(1100))))

    def never(*args, **kwargs):
        raise AssertionError("the table of contents was read")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    with pytest.raises(StatementError, match="table of contents is larger than 1,000 files"):
        read_camt053(data, "day.zip")


def test_an_archive_within_the_limits_gives_its_files_in_name_order():
    data = archive(("b.xml", b"<b/>"), ("a.xml", b"<a/>"), ("dir/", b""), ("__MACOSX/._a", b"x"))
    assert list(zip_files(data, "day.zip")) == [("a.xml", b"<a/>"), ("b.xml", b"<b/>")]
