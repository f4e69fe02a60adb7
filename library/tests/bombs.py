"""Decompression bombs built in memory, in a fraction of a second.

A 1 MiB run of spaces is deflated once, flushed to a byte boundary (``Z_FULL_FLUSH``: the
segment needs nothing before it), and the segment is repeated: ``BOMB_BYTES`` of XML whitespace
(valid XML: the parsers do not stop early) for about 1 KB per MiB. The archives are written by
hand, with the real CRC, so that ``zipfile`` reads every byte as it would a real file."""

import functools
import io
import struct
import zipfile
import zlib

from library import demo

MB = 1024 * 1024
BOMB_BYTES = 384 * MB
_CHUNK = b" " * MB


def _segment(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def deflated_bomb(prefix: bytes, suffix: bytes, checksum=zlib.crc32, size: int = BOMB_BYTES):
    """(raw deflate data, checksum, uncompressed size) of prefix + spaces + suffix; the
    checksum is ``zlib.crc32`` (zip) or ``zlib.adler32`` (zlib stream, PDF)."""
    repeats = size // MB
    value = checksum(prefix)
    for _ in range(repeats):
        value = checksum(_CHUNK, value)
    value = checksum(suffix, value)
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = _segment(prefix) + _segment(_CHUNK) * repeats + final.compress(suffix) + final.flush()
    return data, value, len(prefix) + repeats * MB + len(suffix)


def _zip(members) -> bytes:
    """members: (name, stored bytes, method, CRC-32, uncompressed size)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                method,
                0,
                33,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded)
        out.write(data)
        directory.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                33,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(encoded)
    start, listing = out.tell(), directory.getvalue()
    out.write(listing)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(listing), start, 0
        )
    )
    return out.getvalue()


def office_bomb(kind: str, member: str, prefix: bytes, suffix: bytes) -> bytes:
    """A real demo file of ``kind`` whose ``member`` is replaced by a bomb."""
    members = []
    with zipfile.ZipFile(io.BytesIO(demo.MAKERS[kind]("Bombe", 1))) as archive:
        for info in archive.infolist():
            if info.filename != member:
                data = archive.read(info)
                members.append((info.filename, data, 0, zlib.crc32(data), len(data)))
    data, crc, size = deflated_bomb(prefix, suffix)
    members.append((member, data, zipfile.ZIP_DEFLATED, crc, size))
    return _zip(members)


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ODF = (
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


@functools.cache
def docx_bomb() -> bytes:
    return office_bomb(
        "docx",
        "word/document.xml",
        b"<w:document " + W + b"><w:body><w:p><w:r><w:t>Bombe</w:t></w:r></w:p>",
        b"</w:body></w:document>",
    )


@functools.cache
def xlsx_bomb() -> bytes:
    return office_bomb(
        "xlsx",
        "xl/sharedStrings.xml",
        b"<sst " + S + b' count="1" uniqueCount="1"><si><t>Bombe',
        b"</t></si></sst>",
    )


@functools.cache
def opendocument_bomb(kind: str) -> bytes:
    return office_bomb(
        kind,
        "content.xml",
        b"<office:document-content " + ODF + b"><office:body><text:p>Bombe",
        b"</text:p></office:body></office:document-content>",
    )


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    )
    return out.getvalue()


@functools.cache
def pdf_stream_bomb() -> bytes:
    """One page whose content stream (FlateDecode) inflates to BOMB_BYTES."""
    data, adler, _size = deflated_bomb(b"BT (Bombe) Tj ET\n", b"\n", zlib.adler32)
    stream = b"\x78\xda" + data + struct.pack(">L", adler)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


@functools.cache
def pdf_pages_bomb(fanout: int = 1000) -> bytes:
    """A page tree of fanout × fanout pages (one page object, shared nodes): a few KB."""
    kids = b" ".join([b"4 0 R"] * fanout)
    leaves = b" ".join([b"3 0 R"] * fanout)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, fanout * fanout),
            b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (leaves, fanout),
        ]
    )
