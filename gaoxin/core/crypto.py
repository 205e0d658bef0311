"""Encryption at rest of personal data (手机号, 身份证号, 银行账号) and the keyed hash that finds it.

Keys live outside the database: ``GAOXIN_DATA_KEY`` or the file ``$GAOXIN_VAR_DIR/data_key`` (made
once, mode 0600). Either holds ``id:base64key`` entries separated by commas; the first encrypts, all
decrypt, so a new key is put in front of the old one: new writes use it, old rows stay readable (and
are re-encrypted under the new key whenever they are saved).

A stored value is ``enc:<id>:<base64(nonce | AES-256-GCM ciphertext)>``. GCM authenticates: a
wrong or missing key raises DataKeyError, never returns garbage. The exact-match hash is
HMAC-SHA256 under a key derived (HKDF) from the *last* (oldest) key listed — never the encryption key
itself, and stable across a rotation (a hash is not re-computed for rows nobody saves); so the oldest
key stays listed until every hash has been re-written (no tool for that yet).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc:"


class DataKeyError(ImproperlyConfigured):
    """The personal-data key is missing, malformed or not the one a value was encrypted with."""


def new_key_entry(key_id: str = "k1") -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def parse_keys(text: str) -> dict[str, bytes]:
    """``id:base64`` entries, comma-separated, current first → {id: 32-byte key} (insertion-ordered)."""
    keys: dict[str, bytes] = {}
    for entry in filter(None, (e.strip() for e in (text or "").split(","))):
        key_id, sep, encoded = entry.partition(":")
        try:
            raw = base64.urlsafe_b64decode(encoded)
        except ValueError:
            raw = b""
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", key_id) or len(raw) != 32:
            raise DataKeyError(
                f"个人数据密钥格式错误（应为“编号:base64 编码的 32 字节密钥”）：{key_id or entry[:8]}"
            )
        keys[key_id] = raw
    if not keys:
        raise DataKeyError("未配置个人数据密钥（GAOXIN_DATA_KEY 或 GAOXIN_VAR_DIR/data_key）")
    return keys


@cache
def _keys() -> dict[str, bytes]:
    return parse_keys(settings.DATA_KEYS)


def reset() -> None:
    """Forget the loaded keys (tests that change settings.DATA_KEYS, a rotation in one process)."""
    _keys.cache_clear()
    _index_key.cache_clear()


def current_key_id() -> str:
    return next(iter(_keys()))


def encrypt(plain: str) -> str:
    key_id = current_key_id()
    nonce = os.urandom(12)
    sealed = AESGCM(_keys()[key_id]).encrypt(nonce, plain.encode(), key_id.encode())
    return f"{PREFIX}{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def decrypt(stored: str) -> str:
    key_id, _, body = stored[len(PREFIX) :].partition(":")
    key = _keys().get(key_id)
    if key is None:
        raise DataKeyError(f"缺少个人数据密钥“{key_id}”，无法解密（请检查 GAOXIN_DATA_KEY 或 data_key 文件）")
    blob = base64.urlsafe_b64decode(body)
    try:
        return AESGCM(key).decrypt(blob[:12], blob[12:], key_id.encode()).decode()
    except InvalidTag:
        raise DataKeyError(f"个人数据密钥“{key_id}”与数据不符，无法解密（密钥被替换或数据被篡改）") from None


@cache
def _index_key() -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"gaoxin exact-match index")
    return hkdf.derive(list(_keys().values())[-1])


def normalise(value: str) -> str:
    """The form a value is hashed in: no spaces, dashes or dots; latin letters upper-case (身份证 x)."""
    return re.sub(r"[\s\-.()（）]", "", value or "").upper()


def keyed_hash(value: str | None) -> str:
    """HMAC-SHA256 hex of the normalised value; "" for an empty one (nothing to find)."""
    text = normalise(value or "")
    if not text:
        return ""
    return hmac.new(_index_key(), text.encode(), hashlib.sha256).hexdigest()
