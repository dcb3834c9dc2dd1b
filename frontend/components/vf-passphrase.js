// <vf-passphrase>: Recover Data's passphrase field. A plain <input type="password"> whose value never reaches the
// server: the console's Java component (io.vaultfleet.console.recover.PassphraseField) calls seal() on Next, which
// encrypts the passphrase here with WebCrypto to the target agent's one-session key, clears the field and returns
// only ciphertext. Exactly as shared-protocol's RecoveryKeys.seal: ECDH P-256 with an ephemeral key, HKDF-SHA-256
// (salt = the 12-byte IV, info = "vaultfleet-recovery-passphrase-v1\n" + sessionId), AES-256-GCM with
// additional data = sessionId; the ephemeral public key travels as a raw uncompressed point.
const INFO_PREFIX = 'vaultfleet-recovery-passphrase-v1\n';

function b64(bytes) {
  let s = '';
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i++) {
    s += String.fromCharCode(view[i]);
  }
  return btoa(s);
}

function unb64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    out[i] = s.charCodeAt(i);
  }
  return out;
}

/** Seals `passphrase` to the base64 SPKI P-256 key `publicKey` for `sessionId`: {ephemeralPublicKey, iv, ciphertext}. */
export async function sealPassphrase(publicKey, sessionId, passphrase) {
  const subtle = window.crypto.subtle;
  const utf8 = new TextEncoder();
  const recipient = await subtle.importKey('spki', unb64(publicKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const ephemeral = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const shared = await subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256);
  const iv = window.crypto.getRandomValues(new Uint8Array(12));
  const hkdf = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: iv, info: utf8.encode(INFO_PREFIX + sessionId) },
    hkdf, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const ciphertext = await subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(sessionId), tagLength: 128 }, key, utf8.encode(passphrase));
  const raw = await subtle.exportKey('raw', ephemeral.publicKey);
  return { ephemeralPublicKey: b64(raw), iv: b64(iv), ciphertext: b64(ciphertext) };
}

class VfPassphrase extends HTMLElement {
  constructor() {
    super();
    this._input = document.createElement('input');
    this._input.type = 'password';
    this._input.autocomplete = 'off';
    this._input.spellcheck = false;
    this._input.className = 'vf-passphrase-input';
    this._error = document.createElement('div');
    this._error.className = 'vf-passphrase-error';
    this._error.setAttribute('role', 'alert');
  }

  connectedCallback() {
    if (!this._input.isConnected) {
      const label = document.createElement('label');
      label.textContent = this.getAttribute('label') || 'Passphrase';
      label.className = 'vf-passphrase-label';
      this._input.id = (this.id || 'vf-passphrase') + '-input';
      label.htmlFor = this._input.id;
      this.append(label, this._input, this._error);
    }
  }

  set error(text) {
    this._error.textContent = text || '';
    this._input.setAttribute('aria-invalid', text ? 'true' : 'false');
  }

  /** Seals what was typed and clears the field; a JSON string, or {"empty":true} when nothing was typed. */
  async seal(publicKey, sessionId) {
    const typed = this._input.value;
    if (!typed) {
      return JSON.stringify({ empty: true });
    }
    try {
      return JSON.stringify(await sealPassphrase(publicKey, sessionId, typed));
    } finally {
      this._input.value = '';
    }
  }
}

customElements.define('vf-passphrase', VfPassphrase);
