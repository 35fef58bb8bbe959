//! SQLCipher's page crypto from RustCrypto.
//!
//! SQLCipher encrypts every page with AES-256-CBC under a random IV and
//! authenticates it with an HMAC; it asks a *crypto provider* for each of
//! those steps. The OpenSSL provider it ships with builds everything anew
//! for every page: it fetches the HMAC algorithm, keys it, makes a cipher
//! context, expands the AES key and takes the IV from OpenSSL's locked
//! global generator. On a store that writes a few dozen pages per commit,
//! that set-up cost as much as the crypto itself (a sixth of recording a
//! session's attendance, measured with `perf`).
//!
//! This provider does the same crypto, byte for byte (the tests write with
//! one and read with the other, both ways), but keeps per connection what
//! does not change between pages: the expanded AES key, the keyed HMAC
//! state, and a ChaCha20 generator seeded from the operating system for the
//! IVs. The primitives are RustCrypto's (`aes` with AES-NI, `sha2` with the
//! SHA extensions where the processor has them, `cbc`, `hmac`, `pbkdf2`);
//! this crate only fits them to SQLCipher's interface.
//!
//! What it costs: the expanded key lives as long as the connection (SQLCipher
//! masks its own copy between pages); it is wiped when the connection closes.
//!
//! [`install`] makes it the provider of every database opened afterwards.

use std::ffi::{c_char, c_int, c_void};
use std::sync::OnceLock;

use aes::cipher::block_padding::NoPadding;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, InnerIvInit, KeyInit};
use aes::{Aes256Dec, Aes256Enc};
use hmac::{Hmac, Mac};
use libsqlite3_sys::{SQLITE_ERROR, SQLITE_OK};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::Digest;
use zeroize::Zeroizing;

/// SQLCipher's `mode` for encryption (`SQLCIPHER_ENCRYPT`); 0 decrypts.
const ENCRYPT: c_int = 1;
/// SQLCipher's HMAC and PBKDF2 algorithm numbers.
const SHA1: c_int = 0;
const SHA256: c_int = 1;
const SHA512: c_int = 2;
/// AES-256: the key, and the block (and IV) size.
const KEY_SIZE: usize = 32;
const BLOCK_SIZE: usize = 16;

/// What `PRAGMA cipher_provider` answers for a connection that uses this
/// provider.
pub const NAME: &str = "rustcrypto";
const NAME_C: &std::ffi::CStr = c"rustcrypto";
/// What `PRAGMA cipher` answers, as the OpenSSL provider spells it.
const CIPHER_C: &std::ffi::CStr = c"AES-256-CBC";
const VERSION_C: &std::ffi::CStr = c"RustCrypto aes 0.8, sha2 0.10, hmac 0.12, pbkdf2 0.12";

/// The providers a database can be opened with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// This crate's (what [`install`] chooses).
    RustCrypto,
    /// The OpenSSL provider SQLCipher was built with.
    OpenSsl,
}

/// SQLCipher refused the provider (its return code), or the operating
/// system gave no randomness to seed a generator with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error(pub c_int);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SQLCipher's crypto provider could not be set up (code {})", self.0)
    }
}

impl std::error::Error for Error {}

/// Makes this crate's provider SQLCipher's default: every database opened
/// from now on encrypts and authenticates its pages with it. Connections
/// opened before keep the provider they started with (both read and write
/// the same files). Safe to call any number of times, from any thread.
pub fn install() -> Result<(), Error> {
    registered().map(|_| ())
}

/// Makes `which` the provider of databases opened from now on, for every
/// connection of the process. For tests that prove the two agree; the app
/// calls [`install`] once and leaves it.
pub fn make_default(which: Provider) -> Result<(), Error> {
    let providers = registered()?;
    let chosen = match which {
        Provider::RustCrypto => providers.ours,
        Provider::OpenSsl => providers.openssl,
    };
    // SAFETY: both pointers are providers SQLCipher holds in its list
    // (registered below and never freed before the process ends);
    // registering one that is on the list only moves it to the front.
    let rc = unsafe { sqlcipher_register_provider(chosen) };
    if rc == SQLITE_OK {
        Ok(())
    } else {
        Err(Error(rc))
    }
}

/// SQLCipher's `sqlcipher_provider` struct, field for field (SQLCipher 4.x,
/// `src/crypto.h`).
#[repr(C)]
struct CProvider {
    init: Option<unsafe extern "C" fn() -> c_int>,
    shutdown: Option<unsafe extern "C" fn()>,
    get_provider_name: Option<unsafe extern "C" fn(*mut c_void) -> *const c_char>,
    add_random: Option<unsafe extern "C" fn(*mut c_void, *const c_void, c_int) -> c_int>,
    random: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, c_int) -> c_int>,
    #[allow(clippy::type_complexity)]
    hmac: Option<
        unsafe extern "C" fn(
            *mut c_void,
            c_int,
            *const u8,
            c_int,
            *const u8,
            c_int,
            *const u8,
            c_int,
            *mut u8,
        ) -> c_int,
    >,
    #[allow(clippy::type_complexity)]
    kdf: Option<
        unsafe extern "C" fn(*mut c_void, c_int, *const u8, c_int, *const u8, c_int, c_int, c_int, *mut u8) -> c_int,
    >,
    #[allow(clippy::type_complexity)]
    cipher: Option<
        unsafe extern "C" fn(*mut c_void, c_int, *const u8, c_int, *const u8, *const u8, c_int, *mut u8) -> c_int,
    >,
    get_cipher: Option<unsafe extern "C" fn(*mut c_void) -> *const c_char>,
    get_key_sz: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_iv_sz: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_block_sz: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_hmac_sz: Option<unsafe extern "C" fn(*mut c_void, c_int) -> c_int>,
    ctx_init: Option<unsafe extern "C" fn(*mut *mut c_void) -> c_int>,
    ctx_free: Option<unsafe extern "C" fn(*mut *mut c_void) -> c_int>,
    fips_status: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_provider_version: Option<unsafe extern "C" fn(*mut c_void) -> *const c_char>,
    next: *mut CProvider,
}

extern "C" {
    fn sqlcipher_register_provider(p: *mut CProvider) -> c_int;
    fn sqlcipher_get_provider() -> *mut CProvider;
    fn sqlcipher_malloc(size: u64) -> *mut c_void;
}

/// The two providers on SQLCipher's list.
struct Registered {
    ours: *mut CProvider,
    openssl: *mut CProvider,
}

// SAFETY: the pointers are only handed back to SQLCipher, whose provider
// list is guarded by its own mutex.
unsafe impl Send for Registered {}
// SAFETY: as above; nothing is read or written through them here.
unsafe impl Sync for Registered {}

fn registered() -> Result<&'static Registered, Error> {
    static REGISTERED: OnceLock<Result<Registered, Error>> = OnceLock::new();
    REGISTERED.get_or_init(register).as_ref().map_err(|e| *e)
}

fn register() -> Result<Registered, Error> {
    // SAFETY: sqlite3_initialize may be called any number of times; it runs
    // SQLCipher's own set-up (its mutexes, its OpenSSL provider), which
    // registering needs.
    let rc = unsafe { libsqlite3_sys::sqlite3_initialize() };
    if rc != SQLITE_OK {
        return Err(Error(rc));
    }
    // SAFETY: reads SQLCipher's default provider pointer, set by the
    // initialisation above.
    let openssl = unsafe { sqlcipher_get_provider() };
    // SQLCipher frees every provider on its list with its own allocator when
    // it shuts down, so the struct comes from that allocator.
    // SAFETY: a plain allocation of the struct's size; checked for NULL.
    let ours = unsafe { sqlcipher_malloc(std::mem::size_of::<CProvider>() as u64) }.cast::<CProvider>();
    if ours.is_null() || openssl.is_null() {
        return Err(Error(libsqlite3_sys::SQLITE_NOMEM));
    }
    // SAFETY: `ours` is a fresh allocation of the right size and alignment
    // (SQLCipher's allocator aligns for any type); it is written whole before
    // SQLCipher sees it.
    unsafe {
        ours.write(CProvider {
            init: None,
            shutdown: None,
            get_provider_name: Some(provider_name),
            add_random: Some(add_random),
            random: Some(random),
            hmac: Some(hmac),
            kdf: Some(kdf),
            cipher: Some(cipher),
            get_cipher: Some(cipher_name),
            get_key_sz: Some(key_size),
            get_iv_sz: Some(block_size),
            get_block_sz: Some(block_size),
            get_hmac_sz: Some(hmac_size),
            ctx_init: Some(ctx_init),
            ctx_free: Some(ctx_free),
            fips_status: Some(fips_status),
            get_provider_version: Some(provider_version),
            next: std::ptr::null_mut(),
        })
    };
    // SAFETY: `ours` is a complete provider whose functions live as long as
    // the program; SQLCipher takes it into its list.
    let rc = unsafe { sqlcipher_register_provider(ours) };
    if rc != SQLITE_OK {
        return Err(Error(rc));
    }
    Ok(Registered { ours, openssl })
}

/// The keyed state of one SQLCipher codec (one database of a connection).
struct State {
    rng: ChaCha20Rng,
    aes: Option<AesKey>,
    mac: Option<MacKey>,
    /// How many times `mac` was keyed: which key a pending HMAC was made with.
    keyings: u64,
    /// The HMAC of the page just encrypted, made while encrypting it.
    pending: Option<Pending>,
    /// The buffer of the last pending HMAC, kept for the next.
    spare: Vec<u8>,
}

/// SQLCipher authenticates a page it has just encrypted (its ciphertext and
/// IV, then the page number). AES-CBC encryption is one long chain of
/// dependent rounds that keeps the processor's AES unit waiting, so the
/// HMAC of each 64 bytes is computed while the next are encrypted, and kept
/// here for the HMAC call that follows. It is used only when that call asks
/// for exactly these bytes (compared whole) with the same key.
struct Pending {
    at: usize,
    bytes: Vec<u8>,
    keying: u64,
    mac: Keyed,
}

struct AesKey {
    key: Zeroizing<[u8; KEY_SIZE]>,
    encrypt: Aes256Enc,
    decrypt: Aes256Dec,
}

#[derive(Clone)]
enum Keyed {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

struct MacKey {
    algorithm: c_int,
    key: Zeroizing<Vec<u8>>,
    keyed: Keyed,
    keying: u64,
}

impl Keyed {
    fn update(&mut self, data: &[u8]) {
        match self {
            Keyed::Sha1(m) => m.update(data),
            Keyed::Sha256(m) => m.update(data),
            Keyed::Sha512(m) => m.update(data),
        }
    }

    /// Writes the tag to `out`, which holds the HMAC's size.
    ///
    /// # Safety
    /// `out` points to at least the tag's size of writable bytes.
    unsafe fn finish(self, out: *mut u8) {
        fn write(tag: &[u8], out: *mut u8) {
            // SAFETY: as `finish` is called.
            unsafe { std::ptr::copy_nonoverlapping(tag.as_ptr(), out, tag.len()) };
        }
        match self {
            Keyed::Sha1(m) => write(&m.finalize().into_bytes(), out),
            Keyed::Sha256(m) => write(&m.finalize().into_bytes(), out),
            Keyed::Sha512(m) => write(&m.finalize().into_bytes(), out),
        }
    }
}

impl State {
    fn new() -> Option<State> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(seed.as_mut()).ok()?;
        Some(State {
            rng: ChaCha20Rng::from_seed(*seed),
            aes: None,
            mac: None,
            keyings: 0,
            pending: None,
            spare: Vec::new(),
        })
    }

    /// The expanded AES key for `key`, expanded again only when it changes
    /// (a rekey, or an attached database with a key of its own).
    fn aes(&mut self, key: &[u8]) -> Option<&AesKey> {
        let key: &[u8; KEY_SIZE] = key.try_into().ok()?;
        if self.aes.as_ref().is_none_or(|k| k.key.as_ref() != key) {
            self.aes = Some(AesKey {
                key: Zeroizing::new(*key),
                encrypt: Aes256Enc::new(key.into()),
                decrypt: Aes256Dec::new(key.into()),
            });
        }
        self.aes.as_ref()
    }

    /// The HMAC keyed with `key` for `algorithm`, likewise kept.
    fn mac(&mut self, algorithm: c_int, key: &[u8]) -> Option<&MacKey> {
        if self.mac.as_ref().is_none_or(|m| m.algorithm != algorithm || m.key.as_slice() != key) {
            let keyed = match algorithm {
                SHA1 => Keyed::Sha1(<Hmac<sha1::Sha1> as Mac>::new_from_slice(key).ok()?),
                SHA256 => Keyed::Sha256(<Hmac<sha2::Sha256> as Mac>::new_from_slice(key).ok()?),
                SHA512 => Keyed::Sha512(<Hmac<sha2::Sha512> as Mac>::new_from_slice(key).ok()?),
                _ => return None,
            };
            self.keyings += 1;
            self.mac = Some(MacKey { algorithm, key: Zeroizing::new(key.to_vec()), keyed, keying: self.keyings });
        }
        self.mac.as_ref()
    }
}

/// The state behind a provider context, if there is one.
///
/// # Safety
/// `ctx` is NULL or a pointer [`ctx_init`] made and [`ctx_free`] has not
/// freed, used by one thread at a time (SQLCipher holds the connection's
/// mutex around every call).
unsafe fn state<'a>(ctx: *mut c_void) -> Option<&'a mut State> {
    // SAFETY: as the function's contract says.
    unsafe { ctx.cast::<State>().as_mut() }
}

/// `len` bytes at `ptr` (empty for a NULL pointer or a length of 0).
///
/// # Safety
/// When not NULL, `ptr` points to `len` readable bytes that stay unchanged
/// while the slice lives.
unsafe fn bytes<'a>(ptr: *const u8, len: c_int) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok()?;
    if ptr.is_null() || len == 0 {
        return Some(&[]);
    }
    // SAFETY: as the function's contract says.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}

fn code(ok: Option<()>) -> c_int {
    if ok.is_some() {
        SQLITE_OK
    } else {
        SQLITE_ERROR
    }
}

unsafe extern "C" fn ctx_init(ctx: *mut *mut c_void) -> c_int {
    if ctx.is_null() {
        return SQLITE_ERROR;
    }
    let Some(state) = State::new() else { return SQLITE_ERROR };
    // SAFETY: SQLCipher passes the address of its context pointer.
    unsafe { *ctx = Box::into_raw(Box::new(state)).cast() };
    SQLITE_OK
}

unsafe extern "C" fn ctx_free(ctx: *mut *mut c_void) -> c_int {
    if ctx.is_null() {
        return SQLITE_OK;
    }
    // SAFETY: SQLCipher passes the address of the context pointer ctx_init
    // set, once, when the codec is freed.
    unsafe {
        if !(*ctx).is_null() {
            drop(Box::from_raw((*ctx).cast::<State>()));
            *ctx = std::ptr::null_mut();
        }
    }
    SQLITE_OK
}

unsafe extern "C" fn random(ctx: *mut c_void, buffer: *mut c_void, length: c_int) -> c_int {
    let Ok(length) = usize::try_from(length) else { return SQLITE_ERROR };
    if length == 0 {
        return SQLITE_OK;
    }
    if buffer.is_null() {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher passes a writable buffer of `length` bytes.
    let out = unsafe { std::slice::from_raw_parts_mut(buffer.cast::<u8>(), length) };
    // SAFETY: ctx is SQLCipher's provider context for this provider.
    match unsafe { state(ctx) } {
        Some(state) => {
            state.rng.fill_bytes(out);
            SQLITE_OK
        }
        None => code(getrandom::getrandom(out).ok()),
    }
}

/// `PRAGMA cipher_add_random`: the bytes are hashed into a new seed together
/// with the generator's own output, so they can only add to its randomness.
unsafe extern "C" fn add_random(ctx: *mut c_void, buffer: *const c_void, length: c_int) -> c_int {
    // SAFETY: ctx is SQLCipher's provider context; the buffer holds
    // `length` bytes.
    let (Some(state), Some(extra)) = (unsafe { state(ctx) }, unsafe { bytes(buffer.cast(), length) }) else {
        return SQLITE_ERROR;
    };
    let mut own = Zeroizing::new([0u8; 32]);
    state.rng.fill_bytes(own.as_mut());
    let seed: [u8; 32] = sha2::Sha256::new().chain_update(own.as_ref()).chain_update(extra).finalize().into();
    state.rng = ChaCha20Rng::from_seed(seed);
    SQLITE_OK
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn hmac(
    ctx: *mut c_void,
    algorithm: c_int,
    key: *const u8,
    key_size: c_int,
    input: *const u8,
    input_size: c_int,
    input2: *const u8,
    input2_size: c_int,
    out: *mut u8,
) -> c_int {
    if input.is_null() || out.is_null() {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher passes its state and buffers of the given sizes.
    let (Some(state), Some(key), Some(input), Some(input2)) =
        (unsafe { state(ctx) }, unsafe { bytes(key, key_size) }, unsafe { bytes(input, input_size) }, unsafe {
            bytes(input2, input2_size)
        })
    else {
        return SQLITE_ERROR;
    };
    let Some(keying) = state.mac(algorithm, key).map(|m| m.keying) else { return SQLITE_ERROR };
    let made = state.pending.take().and_then(|p| {
        let same = p.keying == keying && p.at == input.as_ptr() as usize && p.bytes == input;
        state.spare = p.bytes;
        same.then_some(p.mac)
    });
    let mut mac = match made {
        Some(mac) => mac,
        None => {
            let Some(mut mac) = state.mac.as_ref().map(|m| m.keyed.clone()) else { return SQLITE_ERROR };
            mac.update(input);
            mac
        }
    };
    mac.update(input2);
    // SAFETY: SQLCipher's output buffer holds the HMAC's size (get_hmac_sz
    // for this algorithm).
    unsafe { mac.finish(out) };
    SQLITE_OK
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn kdf(
    _ctx: *mut c_void,
    algorithm: c_int,
    pass: *const u8,
    pass_size: c_int,
    salt: *const u8,
    salt_size: c_int,
    workfactor: c_int,
    key_size: c_int,
    key: *mut u8,
) -> c_int {
    let (Ok(rounds), Ok(key_size)) = (u32::try_from(workfactor), usize::try_from(key_size)) else {
        return SQLITE_ERROR;
    };
    if key.is_null() || rounds == 0 {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher passes the passphrase and salt with their sizes.
    let (Some(pass), Some(salt)) = (unsafe { bytes(pass, pass_size) }, unsafe { bytes(salt, salt_size) }) else {
        return SQLITE_ERROR;
    };
    // SAFETY: SQLCipher's key buffer holds `key_size` bytes.
    let out = unsafe { std::slice::from_raw_parts_mut(key, key_size) };
    match algorithm {
        SHA1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pass, salt, rounds, out),
        SHA256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pass, salt, rounds, out),
        SHA512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pass, salt, rounds, out),
        _ => return SQLITE_ERROR,
    }
    SQLITE_OK
}

/// AES-256-CBC without padding over `size` bytes (a whole number of blocks).
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn cipher(
    ctx: *mut c_void,
    mode: c_int,
    key: *const u8,
    key_size: c_int,
    iv: *const u8,
    input: *const u8,
    size: c_int,
    out: *mut u8,
) -> c_int {
    let Ok(len) = usize::try_from(size) else { return SQLITE_ERROR };
    if len % BLOCK_SIZE != 0 || input.is_null() || out.is_null() || iv.is_null() {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher passes its state and the key with its size.
    let (Some(state), Some(key)) = (unsafe { state(ctx) }, unsafe { bytes(key, key_size) }) else {
        return SQLITE_ERROR;
    };
    // SAFETY: the IV is one block.
    let iv: [u8; BLOCK_SIZE] = unsafe { iv.cast::<[u8; BLOCK_SIZE]>().read_unaligned() };
    // SQLCipher's input and output are different buffers of `len` bytes;
    // copying first and working in place holds even if they were one.
    // SAFETY: both point to `len` bytes; `copy` allows overlap.
    let buffer = unsafe {
        std::ptr::copy(input, out, len);
        std::slice::from_raw_parts_mut(out, len)
    };
    let Some(keys) = state.aes(key) else { return SQLITE_ERROR };
    let done = if mode == ENCRYPT {
        let mut chain = cbc::Encryptor::<Aes256Enc>::inner_iv_init(keys.encrypt.clone(), &iv.into());
        match state.mac.as_ref() {
            Some(mac) => {
                // The HMAC that SQLCipher asks for next, made alongside (see
                // `Pending`): ciphertext, then the IV that follows it.
                let mut running = mac.keyed.clone();
                for chunk in buffer.chunks_mut(64) {
                    for block in chunk.chunks_exact_mut(BLOCK_SIZE) {
                        chain.encrypt_block_mut(aes::Block::from_mut_slice(block));
                    }
                    running.update(chunk);
                }
                running.update(&iv);
                let mut bytes = std::mem::take(&mut state.spare);
                bytes.clear();
                bytes.extend_from_slice(buffer);
                bytes.extend_from_slice(&iv);
                state.pending = Some(Pending { at: out as usize, bytes, keying: mac.keying, mac: running });
                true
            }
            None => chain.encrypt_padded_mut::<NoPadding>(buffer, len).is_ok(),
        }
    } else {
        cbc::Decryptor::<Aes256Dec>::inner_iv_init(keys.decrypt.clone(), &iv.into())
            .decrypt_padded_mut::<NoPadding>(buffer)
            .is_ok()
    };
    code(done.then_some(()))
}

unsafe extern "C" fn hmac_size(_ctx: *mut c_void, algorithm: c_int) -> c_int {
    match algorithm {
        SHA1 => 20,
        SHA256 => 32,
        SHA512 => 64,
        _ => 0,
    }
}

unsafe extern "C" fn key_size(_ctx: *mut c_void) -> c_int {
    KEY_SIZE as c_int
}

unsafe extern "C" fn block_size(_ctx: *mut c_void) -> c_int {
    BLOCK_SIZE as c_int
}

unsafe extern "C" fn fips_status(_ctx: *mut c_void) -> c_int {
    0
}

unsafe extern "C" fn provider_name(_ctx: *mut c_void) -> *const c_char {
    NAME_C.as_ptr()
}

unsafe extern "C" fn cipher_name(_ctx: *mut c_void) -> *const c_char {
    CIPHER_C.as_ptr()
}

unsafe extern "C" fn provider_version(_ctx: *mut c_void) -> *const c_char {
    VERSION_C.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes::cipher::KeyIvInit;

    fn expected(key: &[u8], bytes: &[u8], page: &[u8]) -> Vec<u8> {
        let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("key");
        m.update(bytes);
        m.update(page);
        m.finalize().into_bytes().to_vec()
    }

    /// The HMAC made while encrypting is the page's HMAC, and is taken only
    /// for the very bytes it was made of.
    #[test]
    fn the_hmac_made_while_encrypting_is_used_only_for_its_own_bytes() {
        let (key, mac_key, iv) = ([7u8; 32], [9u8; 32], [3u8; 16]);
        let plain: Vec<u8> = (0..4048u32).map(|i| (i * 31 % 251) as u8).collect();
        let page = 5u32.to_le_bytes();
        let mut ctx: *mut c_void = std::ptr::null_mut();
        let mut tag = [0u8; 32];
        // SAFETY: the calls SQLCipher makes, with buffers of the sizes given.
        unsafe {
            assert_eq!(ctx_init(&mut ctx), SQLITE_OK);
            // A first HMAC keys the state (as the first page read does).
            assert_eq!(
                hmac(ctx, SHA256, mac_key.as_ptr(), 32, plain.as_ptr(), 16, std::ptr::null(), 0, tag.as_mut_ptr()),
                0
            );
            for changed in [false, true] {
                let mut out = vec![0u8; 4096];
                out[4048..4064].copy_from_slice(&iv);
                let iv_at = out.as_ptr().add(4048);
                assert_eq!(cipher(ctx, ENCRYPT, key.as_ptr(), 32, iv_at, plain.as_ptr(), 4048, out.as_mut_ptr()), 0);
                assert!(state(ctx).expect("state").pending.is_some());
                if changed {
                    out[100] ^= 1;
                }
                assert_eq!(
                    hmac(ctx, SHA256, mac_key.as_ptr(), 32, out.as_ptr(), 4064, page.as_ptr(), 4, tag.as_mut_ptr()),
                    0
                );
                assert!(state(ctx).expect("state").pending.is_none());
                assert_eq!(tag.to_vec(), expected(&mac_key, &out[..4064], &page), "changed: {changed}");
                // The ciphertext is AES-256-CBC's.
                let mut alone = plain.clone();
                cbc::Encryptor::<Aes256Enc>::new(&key.into(), &iv.into())
                    .encrypt_padded_mut::<NoPadding>(&mut alone, 4048)
                    .expect("encrypt");
                if !changed {
                    assert_eq!(&out[..4048], &alone[..]);
                }
            }
            assert_eq!(ctx_free(&mut ctx), SQLITE_OK);
        }
    }
}
