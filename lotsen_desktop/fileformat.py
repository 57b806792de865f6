"""The encrypted ``.lotsen`` file: versioned, compressed, encrypted and authenticated.

Format 2 (written now) is streamed, so neither writing nor reading ever holds the file in memory:
``magic | u32 header length | header JSON | sha256(header) | chunk ... chunk`` where each chunk is
``u32 length | AES-256-GCM(piece of zlib(manifest JSON + "\\n" + payload))``. Chunk ``i`` uses the
nonce ``prefix(7) | i (u32) | last flag (1)`` and the file prefix as associated data, so chunks
cannot be reordered, dropped, or cut off after a chunk boundary (the last one is marked).

Format 1 (still read) is one GCM ciphertext of the whole compressed stream. The clear-text header
names only the format version and the key derivation; it is authenticated as associated data.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import struct
import tempfile
import unicodedata
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from lotsen_desktop.errors import LotsenError, ValidationError, describe_os_error
from lotsen_desktop.files import fsync_folder
from lotsen_desktop.i18n import _

MAGIC = b"LOTSEN\x1a\n"
FORMAT_VERSION = 2
STREAM_FORMAT = 2
SUFFIX = ".lotsen"
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_SCRYPT_N = 2**10
MAX_SCRYPT_N = 2**17
"""The key derivation a file may ask for is what this program writes (n from 2^10, for tests,
to 2^17; r = 8; p = 1): anything else is refused before scrypt runs, so an edited header cannot
make the import spend seconds and hundreds of megabytes before saying "wrong password"."""
MIN_PASSPHRASE = 8
_HEADER_MAX = 4 * 1024
_CHUNK = 1 << 20
_MANIFEST_MAX = 16 * 1024 * 1024


class SyncFileError(LotsenError):
    """A file that cannot be imported; nothing was changed."""

    exit_code = 5


@dataclass(frozen=True)
class Limits:
    """What a file may cost us before we refuse it."""

    max_file_bytes: int = 512 * 1024 * 1024
    max_plain_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200


DEFAULT_LIMITS = Limits()


def not_lotsen() -> SyncFileError:
    return SyncFileError(_("This is not a Lotsen exchange file (.lotsen)."))


def damaged() -> SyncFileError:
    return SyncFileError(
        _("The exchange file is damaged or was changed after the export. Please export it again.")
    )


def truncated() -> SyncFileError:
    return SyncFileError(
        _(
            "The exchange file is incomplete (cut off while copying). Please copy or export it again."
        )
    )


def newer_format(version: object) -> SyncFileError:
    return SyncFileError(
        _(
            "The exchange file was written by a newer version of Lotsen Desktop (format {version}). "
            "Please update this program first."
        ).format(version=version)
    )


def manipulated() -> SyncFileError:
    return SyncFileError(
        _(
            "The exchange file asks for settings this program never writes; it is damaged or was "
            "manipulated and was not opened."
        )
    )


def normalise_passphrase(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    """Exports need a passphrase long enough to protect personal data on a lost stick."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise ValidationError(
            _("The password must have at least {count} characters.").format(count=MIN_PASSPHRASE),
            field="passphrase",
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = Scrypt(salt=salt, length=48, n=n, r=r, p=p).derive(normalise_passphrase(passphrase))
    return material[:32], material[32:]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class _Sealer:
    """Compresses and encrypts a stream chunk by chunk into ``sink`` (format 2)."""

    def __init__(
        self, sink: IO[bytes], manifest: dict[str, Any], passphrase: str, kdf_n: int | None
    ) -> None:
        if not passphrase:
            raise ValidationError(_("A password is required."), field="passphrase")
        n = kdf_n or SCRYPT_N
        if not _allowed_n(n):
            raise ValueError(
                f"scrypt n must be a power of two from {MIN_SCRYPT_N} to {MAX_SCRYPT_N}"
            )
        salt = secrets.token_bytes(16)
        self._nonce = secrets.token_bytes(7)
        key, check = _derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
        header = {
            "format": FORMAT_VERSION,
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", "salt": _b64(salt), "n": n, "r": SCRYPT_R, "p": SCRYPT_P},
            "nonce": _b64(self._nonce),
            "check": _b64(check),
            "chunk_bytes": _CHUNK,
        }
        header_bytes = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("ascii")
        prefix = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
        self._prefix = prefix + hashlib.sha256(header_bytes).digest()
        self._aead = AESGCM(key)
        self._sink = sink
        self._index = 0
        self._buffer = bytearray()
        self._compressor = zlib.compressobj(6)
        self.size = len(self._prefix)
        sink.write(self._prefix)
        plain = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.write(plain + b"\n")

    def write(self, data: bytes) -> None:
        self._buffer += self._compressor.compress(data)
        while len(self._buffer) > _CHUNK:
            self._emit(bytes(self._buffer[:_CHUNK]), last=False)
            del self._buffer[:_CHUNK]

    def close(self) -> None:
        self._buffer += self._compressor.flush()
        while len(self._buffer) > _CHUNK:
            self._emit(bytes(self._buffer[:_CHUNK]), last=False)
            del self._buffer[:_CHUNK]
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _emit(self, piece: bytes, *, last: bool) -> None:
        nonce = _chunk_nonce(self._nonce, self._index, last)
        sealed = self._aead.encrypt(nonce, piece, self._prefix)
        self._sink.write(struct.pack(">I", len(sealed)) + sealed)
        self.size += 4 + len(sealed)
        self._index += 1


def _chunk_nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


def seal(
    manifest: dict[str, Any], payload: bytes, passphrase: str, *, kdf_n: int | None = None
) -> bytes:
    """The complete file content for ``manifest`` and ``payload`` (small files, tests)."""
    import io

    sink = io.BytesIO()
    sealer = _Sealer(sink, manifest, passphrase, kdf_n)
    for start in range(0, len(payload), _CHUNK):
        sealer.write(payload[start : start + _CHUNK])
    sealer.close()
    return sink.getvalue()


class SealedWriter:
    """Streams an exchange file to a temporary file beside ``path``; ``finish`` makes it appear.

    Never a half-written file under the real name: the data is fsynced and renamed. A
    ``.partial`` file left by a killed earlier export to the same name is removed first.
    """

    def __init__(
        self, path: Path, manifest: dict[str, Any], passphrase: str, kdf_n: int | None = None
    ) -> None:
        self.path = path
        folder = path.parent
        for stale in folder.glob(f".{path.name}.*.partial"):
            with contextlib.suppress(OSError):
                stale.unlink()
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
        self._temp = Path(temp_name)
        self._out = os.fdopen(handle, "wb", buffering=_CHUNK)
        try:
            self._sealer = _Sealer(self._out, manifest, passphrase, kdf_n)
        except BaseException:
            self.abort()
            raise

    def write(self, data: bytes) -> None:
        self._sealer.write(data)

    def finish(self) -> int:
        """Close, fsync and rename; the size of the file."""
        try:
            self._sealer.close()
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            os.replace(self._temp, self.path)
        except BaseException:
            self.abort()
            raise
        fsync_folder(self.path.parent)
        return self._sealer.size

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._out.close()
        with contextlib.suppress(OSError):
            self._temp.unlink()


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The whole file, refusing it before reading when it is larger than allowed."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise SyncFileError(
                _("The exchange file is too large ({size} MB; at most {limit} MB).").format(
                    size=size // (1024 * 1024), limit=limits.max_file_bytes // (1024 * 1024)
                )
            )
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise SyncFileError(
            _("The exchange file cannot be read: {error}").format(error=describe_os_error(error))
        ) from error
    if len(data) > limits.max_file_bytes:
        raise SyncFileError(_("The exchange file is too large."))
    return data


def _parse_header(data: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    if len(data) < len(MAGIC) or not data.startswith(MAGIC):
        if MAGIC.startswith(data[: len(MAGIC)]) and data:
            raise truncated()
        raise not_lotsen()
    offset = len(MAGIC)
    if len(data) < offset + 4:
        raise truncated()
    (length,) = struct.unpack(">I", data[offset : offset + 4])
    offset += 4
    if length > _HEADER_MAX:
        raise damaged()
    if len(data) < offset + length + 32:
        raise truncated()
    header_bytes = data[offset : offset + length]
    digest = data[offset + length : offset + length + 32]
    if hashlib.sha256(header_bytes).digest() != digest:
        raise damaged()
    try:
        header = json.loads(header_bytes.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged() from error
    if not isinstance(header, dict):
        raise damaged()
    version = header.get("format")
    if not isinstance(version, int):
        raise damaged()
    if version > FORMAT_VERSION:
        raise newer_format(version)
    end = offset + length + 32
    return header, data[:end], data[end:]


def _allowed_n(n: int) -> bool:
    return MIN_SCRYPT_N <= n <= MAX_SCRYPT_N and n & (n - 1) == 0


def _key_params(header: dict[str, Any]) -> tuple[bytes, int, int, int, bytes, bytes]:
    """Cipher, scrypt cost, nonce and password check of either format's header.

    The header is authenticated only by the key derived from it (it is the associated data of
    every chunk), so its key-derivation settings are checked first against what this program
    writes: an edited header must not make us spend seconds and gigabytes on scrypt.
    """
    try:
        kdf = header["kdf"]
        if header["cipher"] != "AES-256-GCM" or kdf["name"] != "scrypt":
            raise damaged()
        salt = base64.b64decode(kdf["salt"], validate=True)
        n, r, p = kdf["n"], kdf["r"], kdf["p"]
        nonce = base64.b64decode(header["nonce"], validate=True)
        check = base64.b64decode(header["check"], validate=True)
    except (KeyError, TypeError, ValueError) as error:
        raise damaged() from error
    if not all(type(v) is int for v in (n, r, p)):
        raise damaged()
    if not (_allowed_n(n) and r == SCRYPT_R and p == SCRYPT_P and len(salt) == 16):
        raise manipulated()
    if len(check) != 16:
        raise damaged()
    return salt, n, r, p, nonce, check


def _header_params(header: dict[str, Any]) -> tuple[bytes, int, int, int, bytes, bytes, int]:
    salt, n, r, p, nonce, check = _key_params(header)
    try:
        length = int(header["ciphertext_bytes"])
    except (KeyError, TypeError, ValueError) as error:
        raise damaged() from error
    if len(nonce) != 12 or length < 16:
        raise damaged()
    return salt, n, r, p, nonce, check, length


def _decompress(compressed: bytes, limits: Limits) -> bytes:
    cap = min(limits.max_plain_bytes, max(len(compressed), 1024) * limits.max_ratio)
    inflater = zlib.decompressobj()
    out = bytearray()
    data = compressed
    try:
        while data:
            out += inflater.decompress(data, _CHUNK)
            if len(out) > cap:
                raise bomb()
            data = inflater.unconsumed_tail
        out += inflater.flush(_CHUNK)
        if len(out) > cap:
            raise bomb()
    except zlib.error as error:
        raise damaged() from error
    if not inflater.eof:
        raise damaged()
    return bytes(out)


def bomb() -> SyncFileError:
    return SyncFileError(
        _("The exchange file unpacks to far more data than it could contain; it was not imported.")
    )


def open_sealed(
    data: bytes, passphrase: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], bytes]:
    """Check and decrypt a whole file held in memory: ``(manifest, payload)`` (small files)."""
    header, _prefix, _rest = _parse_header(data)
    if header.get("format") == 1:
        return _open_v1(data, passphrase, limits)
    import io

    with SealedReader(io.BytesIO(data), len(data), passphrase, limits) as reader:
        payload = b"".join(reader.pieces(limits.max_plain_bytes))
    manifest = dict(reader.manifest)
    manifest["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    manifest["payload_bytes"] = len(payload)
    return manifest, payload


def _open_v1(
    data: bytes, passphrase: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], bytes]:
    header, prefix, ciphertext = _parse_header(data)
    salt, n, r, p, nonce, check, length = _header_params(header)
    if len(ciphertext) < length:
        raise truncated()
    if len(ciphertext) > length:
        raise damaged()
    key, expected = _derive(passphrase, salt, n, r, p)
    if not secrets.compare_digest(expected, check):
        raise SyncFileError(_("Wrong password for this file."))
    try:
        compressed = AESGCM(key).decrypt(nonce, ciphertext, prefix)
    except InvalidTag as error:
        raise damaged() from error
    plain = _decompress(compressed, limits)
    cut = plain.find(b"\n")
    if cut < 0:
        raise damaged()
    manifest = _manifest(plain[:cut])
    payload = plain[cut + 1 :]
    if (
        manifest.get("payload_bytes") != len(payload)
        or manifest.get("payload_sha256") != hashlib.sha256(payload).hexdigest()
    ):
        raise damaged()
    return manifest, payload


def _manifest(text: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged() from error
    if not isinstance(manifest, dict):
        raise damaged()
    version = manifest.get("format")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise newer_format(version)
    return manifest


class SealedReader:
    """Reads a format-2 file chunk by chunk: ``manifest`` at once, then ``pieces()`` of payload.

    Every chunk is authenticated before its bytes are used; a file cut off after any chunk, a
    reordered or a changed chunk is reported. Memory stays at a few chunks whatever the size.
    """

    def __init__(
        self, handle: IO[bytes], size: int, passphrase: str, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self._handle = handle
        self._size = size
        head = handle.read(len(MAGIC) + 4 + _HEADER_MAX + 32)
        header, prefix, _rest = _parse_header(head)
        handle.seek(len(prefix))
        salt, n, r, p, self._nonce, check = _key_params(header)
        try:
            self._chunk = int(header["chunk_bytes"])
        except (KeyError, TypeError, ValueError) as error:
            raise damaged() from error
        if len(self._nonce) != 7:
            raise damaged()
        if self._chunk != _CHUNK:
            raise manipulated()
        key, expected = _derive(passphrase, salt, n, r, p)
        if not secrets.compare_digest(expected, check):
            raise SyncFileError(_("Wrong password for this file."))
        self._aead = AESGCM(key)
        self._prefix = prefix
        self._cap = max(size, 1024) * limits.max_ratio
        self._plain = self._decompressed()
        first = bytearray()
        for piece in self._plain:
            cut = piece.find(b"\n")
            if cut >= 0:
                first += piece[:cut]
                self._rest = piece[cut + 1 :]
                break
            first += piece
            if len(first) > _MANIFEST_MAX:
                raise damaged()
        else:
            raise damaged()
        self.manifest = _manifest(bytes(first))

    def __enter__(self) -> SealedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._plain.close()
        self._handle.close()

    def pieces(self, cap: int | None = None) -> Iterator[bytes]:
        """The payload after the manifest, in pieces of about a chunk."""
        total = len(self._rest)
        if self._rest:
            yield self._rest
        for piece in self._plain:
            total += len(piece)
            if cap is not None and total > cap:
                raise bomb()
            yield piece

    def _sealed_chunks(self) -> Iterator[bytes]:
        index = 0
        handle = self._handle
        while True:
            raw = handle.read(4)
            if len(raw) < 4:
                raise truncated()
            (length,) = struct.unpack(">I", raw)
            if length < 16 or length > self._chunk + 16:
                raise damaged()
            sealed = handle.read(length)
            if len(sealed) < length:
                raise truncated()
            last = handle.tell() >= self._size
            try:
                plain = self._aead.decrypt(
                    _chunk_nonce(self._nonce, index, last), sealed, self._prefix
                )
            except InvalidTag as error:
                if last:
                    try:
                        self._aead.decrypt(
                            _chunk_nonce(self._nonce, index, False), sealed, self._prefix
                        )
                    except InvalidTag:
                        raise damaged() from error
                    raise truncated() from error
                raise damaged() from error
            yield plain
            if last:
                return
            index += 1

    def _decompressed(self) -> Generator[bytes, None, None]:
        inflater = zlib.decompressobj()
        total = 0
        try:
            for sealed in self._sealed_chunks():
                data = sealed
                while data:
                    if inflater.eof:
                        raise damaged()
                    out = inflater.decompress(data, _CHUNK)
                    total += len(out)
                    if total > self._cap:
                        raise bomb()
                    if out:
                        yield out
                    data = inflater.unconsumed_tail
            out = inflater.flush()
            total += len(out)
            if total > self._cap:
                raise bomb()
            if out:
                yield out
        except zlib.error as error:
            raise damaged() from error
        if not inflater.eof or inflater.unused_data:
            raise damaged()


def open_file(path: Path, passphrase: str, limits: Limits = DEFAULT_LIMITS) -> SealedReader:
    """Open an exchange file of any format for streaming (format 1 is read whole)."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise SyncFileError(
                _("The exchange file is too large ({size} MB; at most {limit} MB).").format(
                    size=size // (1024 * 1024), limit=limits.max_file_bytes // (1024 * 1024)
                )
            )
        handle = open(path, "rb")  # noqa: SIM115 - closed by the reader
    except OSError as error:
        raise SyncFileError(
            _("The exchange file cannot be read: {error}").format(error=describe_os_error(error))
        ) from error
    try:
        head = handle.read(len(MAGIC) + 4 + _HEADER_MAX + 32)
        header, _prefix, _rest = _parse_header(head)
        if header.get("format") == 1:
            handle.seek(0)
            manifest, payload = _open_v1(handle.read(limits.max_file_bytes + 1), passphrase, limits)
            handle.close()
            return _WholeReader(manifest, payload)
        handle.seek(0)
        return SealedReader(handle, size, passphrase, limits)
    except BaseException:
        handle.close()
        raise


class _WholeReader(SealedReader):
    """A format-1 file, already checked as a whole, behind the streaming interface."""

    def __init__(self, manifest: dict[str, Any], payload: bytes) -> None:
        self.manifest = manifest
        self._payload = payload

    def close(self) -> None:
        self._payload = b""

    def pieces(self, cap: int | None = None) -> Iterator[bytes]:
        yield self._payload
