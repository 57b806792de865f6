"""The ``.lotsen`` file: versioned, compressed, encrypted and authenticated.

``magic | u32 header length | header JSON | sha256(header) | AES-256-GCM ciphertext``

The clear-text header names only the format version and the key derivation; it is authenticated
as associated data. The ciphertext holds ``zlib(manifest JSON + "\\n" + payload JSON)``. Reading
checks everything before returning a byte: size, magic, header, password, tag, decompressed size,
payload checksum.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from lotsen_desktop.errors import LotsenError, ValidationError, describe_os_error
from lotsen_desktop.i18n import _

MAGIC = b"LOTSEN\x1a\n"
FORMAT_VERSION = 1
SUFFIX = ".lotsen"
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_SCRYPT_N = 2**10
MAX_SCRYPT_N = 2**18
MIN_PASSPHRASE = 8
_HEADER_MAX = 64 * 1024
_CHUNK = 1 << 20

Progress = Callable[[int, int], bool]


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


def seal(
    manifest: dict[str, Any], payload: bytes, passphrase: str, *, kdf_n: int | None = None
) -> bytes:
    """The complete file content for ``manifest`` and ``payload``."""
    if not passphrase:
        raise ValidationError(_("A password is required."), field="passphrase")
    manifest = dict(manifest)
    manifest["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    manifest["payload_bytes"] = len(payload)
    plain = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    compressor = zlib.compressobj(6)
    parts = [compressor.compress(plain + b"\n")]
    for start in range(0, len(payload), _CHUNK):
        parts.append(compressor.compress(payload[start : start + _CHUNK]))
    parts.append(compressor.flush())
    compressed = b"".join(parts)
    n = kdf_n or SCRYPT_N
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    key, check = _derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    header = {
        "format": FORMAT_VERSION,
        "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", "salt": _b64(salt), "n": n, "r": SCRYPT_R, "p": SCRYPT_P},
        "nonce": _b64(nonce),
        "check": _b64(check),
        "ciphertext_bytes": len(compressed) + 16,
    }
    header_bytes = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("ascii")
    prefix = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    prefix += hashlib.sha256(header_bytes).digest()
    return prefix + AESGCM(key).encrypt(nonce, compressed, prefix)


def write_atomic(path: Path, data: bytes, progress: Progress | None = None) -> None:
    """Write to a temporary file beside ``path``, fsync, rename: never a half-written file.

    A ``.partial`` file left by a killed earlier export to the same name is removed first.
    """
    folder = path.parent
    for stale in folder.glob(f".{path.name}.*.partial"):
        with contextlib.suppress(OSError):
            stale.unlink()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            total = len(data)
            for start in range(0, total, _CHUNK):
                out.write(data[start : start + _CHUNK])
                if progress is not None and not progress(min(start + _CHUNK, total), total):
                    raise LotsenError(_("Cancelled. No file was written."))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
        if hasattr(os, "O_DIRECTORY"):
            with contextlib.suppress(OSError):
                dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


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


def _header_params(header: dict[str, Any]) -> tuple[bytes, int, int, int, bytes, bytes, int]:
    try:
        if header["cipher"] != "AES-256-GCM" or header["kdf"]["name"] != "scrypt":
            raise damaged()
        kdf = header["kdf"]
        salt = base64.b64decode(kdf["salt"], validate=True)
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        nonce = base64.b64decode(header["nonce"], validate=True)
        check = base64.b64decode(header["check"], validate=True)
        length = int(header["ciphertext_bytes"])
    except (KeyError, TypeError, ValueError) as error:
        raise damaged() from error
    valid = (
        len(salt) >= 16
        and MIN_SCRYPT_N <= n <= MAX_SCRYPT_N
        and n & (n - 1) == 0
        and 1 <= r <= 16
        and 1 <= p <= 4
        and len(nonce) == 12
        and len(check) == 16
        and length >= 16
    )
    if not valid:
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
    """Check and decrypt a file's content: ``(manifest, payload)``."""
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
    try:
        manifest = json.loads(plain[:cut].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged() from error
    if not isinstance(manifest, dict):
        raise damaged()
    payload = plain[cut + 1 :]
    if (
        manifest.get("payload_bytes") != len(payload)
        or manifest.get("payload_sha256") != hashlib.sha256(payload).hexdigest()
    ):
        raise damaged()
    version = manifest.get("format")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise newer_format(version)
    return manifest, payload


def peek_format(path: Path) -> int | None:
    """The format version in a file's header, or ``None`` (for the file dialog's hint)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(MAGIC) + 4 + _HEADER_MAX + 32)
        header, _prefix, _rest = _parse_header(head)
    except (OSError, SyncFileError):
        return None
    version = header.get("format")
    return version if isinstance(version, int) else None
