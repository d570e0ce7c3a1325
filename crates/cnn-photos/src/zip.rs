//! Zip files: a reader for a learner's zip of photos, one folder per class
//! (the layout Keras's `flow_from_directory` expects), and a writer for
//! project files and test fixtures.
//!
//! The reader goes through the central directory (found from the End Of
//! Central Directory record at the end), reads stored (0) and deflated (8)
//! entries, checks each one's CRC-32, and never inflates past a limit the
//! caller gives (a zip bomb stops at the limit). ZIP64, split archives and
//! encrypted entries are refused with a sentence.

use std::fmt;
use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;

/// One file (or folder) listed in a zip's central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the zip, `/`-separated (UTF-8 or CP437, decoded).
    pub path: String,
    /// Size once read (uncompressed), as the zip declares it.
    pub size: u64,
    /// Size as stored.
    pub compressed_size: u64,
    /// 0 = stored, 8 = deflate; others are refused by [`read`].
    pub method: u16,
    pub crc32: u32,
    /// Whether the entry is encrypted (refused by [`read`]).
    pub encrypted: bool,
    /// Whether the entry is a folder (its path ends with `/`).
    pub is_dir: bool,
    /// Where its local header starts.
    pub offset: u64,
}

/// Why a zip, or an entry in it, cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// No End Of Central Directory record: not a zip at all.
    NotAZip,
    /// It starts like a zip but its end is missing.
    Truncated,
    /// ZIP64 (over 4 GB or 65,535 entries).
    Zip64,
    /// A zip split over several files.
    Split,
    /// The structure is wrong; `detail` says where, in English.
    Damaged { detail: String },
    /// The entry is password-protected.
    Encrypted { path: String },
    /// The entry uses a compression other than stored or deflate.
    UnsupportedMethod { path: String, method: u16 },
    /// The entry is (or inflates to) more than `max` bytes.
    TooLarge { path: String, max: u64 },
    /// The entry inflates to a size other than the one it declares.
    SizeMismatch {
        path: String,
        declared: u64,
        actual: u64,
    },
    /// The entry's contents fail its CRC-32.
    Crc { path: String },
    /// [`ZipWriter`]: more than 65,535 entries or 4 GiB.
    TooLargeToWrite,
}

impl ZipError {
    /// A stable slug for translation.
    pub fn code(&self) -> &'static str {
        match self {
            ZipError::NotAZip => "not-zip",
            ZipError::Truncated => "truncated",
            ZipError::Zip64 => "zip64",
            ZipError::Split => "split",
            ZipError::Damaged { .. } => "damaged",
            ZipError::Encrypted { .. } => "encrypted",
            ZipError::UnsupportedMethod { .. } => "unsupported-method",
            ZipError::TooLarge { .. } => "too-large",
            ZipError::SizeMismatch { .. } => "size-mismatch",
            ZipError::Crc { .. } => "crc",
            ZipError::TooLargeToWrite => "too-large-to-write",
        }
    }

    /// The values a translated sentence needs: `path`, `detail`, `method`,
    /// `max`, `declared`, `actual`.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ZipError::NotAZip
            | ZipError::Truncated
            | ZipError::Zip64
            | ZipError::Split
            | ZipError::TooLargeToWrite => Vec::new(),
            ZipError::Damaged { detail } => vec![("detail", detail.clone())],
            ZipError::Encrypted { path } | ZipError::Crc { path } => {
                vec![("path", path.clone())]
            }
            ZipError::UnsupportedMethod { path, method } => {
                vec![("path", path.clone()), ("method", method.to_string())]
            }
            ZipError::TooLarge { path, max } => {
                vec![("path", path.clone()), ("max", max.to_string())]
            }
            ZipError::SizeMismatch {
                path,
                declared,
                actual,
            } => vec![
                ("path", path.clone()),
                ("declared", declared.to_string()),
                ("actual", actual.to_string()),
            ],
        }
    }
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZipError::NotAZip => f.write_str("This file is not a zip file."),
            ZipError::Truncated => f.write_str(
                "This zip file is cut short (truncated); copy it again from where it came from.",
            ),
            ZipError::Zip64 => f.write_str(
                "This zip file is in the ZIP64 form (over 4 GB or 65,535 files), which the app cannot read; make a smaller zip.",
            ),
            ZipError::Split => f.write_str(
                "This zip file is one part of a zip split over several files; join them into one zip first.",
            ),
            ZipError::Damaged { detail } => write!(
                f,
                "This zip file is damaged ({detail}); make the zip again."
            ),
            ZipError::Encrypted { path } => write!(
                f,
                "{path} in the zip is protected by a password; make a zip without a password."
            ),
            ZipError::UnsupportedMethod { path, method } => write!(
                f,
                "{path} in the zip is compressed in a way the app cannot read (method {method}); make the zip again with ordinary (deflate) compression."
            ),
            ZipError::TooLarge { path, max } => write!(
                f,
                "{path} in the zip is larger than {max} bytes once unpacked; leave it out of the zip."
            ),
            ZipError::SizeMismatch {
                path,
                declared,
                actual,
            } => write!(
                f,
                "{path} in the zip unpacks to {actual} bytes, not the {declared} it declares; the zip is damaged: make it again."
            ),
            ZipError::Crc { path } => write!(
                f,
                "{path} in the zip fails its checksum (CRC), so it is damaged; make the zip again."
            ),
            ZipError::TooLargeToWrite => f.write_str(
                "This is too much for one zip file (over 4 GB or 65,535 files); save less.",
            ),
        }
    }
}

impl std::error::Error for ZipError {}

fn damaged(detail: &str) -> ZipError {
    ZipError::Damaged {
        detail: detail.to_string(),
    }
}

fn slice(b: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(len)?)
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    let s = slice(b, at, 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = slice(b, at, 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Every entry of the central directory, in its order.
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, ZipError> {
    // The End Of Central Directory record: 22 bytes, then a comment of up
    // to 65,535 bytes. Search backwards for a record whose comment ends the
    // file (or fits before its end).
    let len = bytes.len();
    let lowest = len.saturating_sub(22 + 0xFFFF);
    let mut eocd = None;
    let mut at = len.checked_sub(22);
    while let Some(pos) = at {
        if pos < lowest {
            break;
        }
        if le32(bytes, pos) == Some(END_OF_CENTRAL) {
            let comment = usize::from(le16(bytes, pos + 20).unwrap_or(0));
            if pos + 22 + comment <= len {
                eocd = Some(pos);
                break;
            }
        }
        at = pos.checked_sub(1);
    }
    let Some(eocd) = eocd else {
        return Err(if bytes.starts_with(b"PK\x03\x04") {
            ZipError::Truncated
        } else {
            ZipError::NotAZip
        });
    };
    let field16 = |at| le16(bytes, eocd + at).unwrap_or(0);
    let field32 = |at| le32(bytes, eocd + at).unwrap_or(0);
    let (disk, cd_disk, here, total) = (field16(4), field16(6), field16(8), field16(10));
    let (cd_size, cd_offset) = (field32(12), field32(16));
    if (eocd >= 20 && le32(bytes, eocd - 20) == Some(ZIP64_LOCATOR))
        || [here, total].contains(&0xFFFF)
        || [cd_size, cd_offset].contains(&0xFFFF_FFFF)
    {
        return Err(ZipError::Zip64);
    }
    if disk != 0 || cd_disk != 0 || here != total {
        return Err(ZipError::Split);
    }
    let (cd_start, cd_size) = (cd_offset as usize, cd_size as usize);
    let Some(cd_end) = cd_start.checked_add(cd_size).filter(|&end| end <= eocd) else {
        return Err(if cd_start > eocd {
            ZipError::Truncated
        } else {
            damaged("its central directory runs past its end record")
        });
    };
    let directory = &bytes[cd_start..cd_end];

    let mut list = Vec::with_capacity(usize::from(total));
    let mut at = 0usize;
    for _ in 0..total {
        let header = slice(directory, at, 46)
            .ok_or_else(|| damaged("its central directory is cut short"))?;
        if le32(header, 0) != Some(CENTRAL_HEADER) {
            return Err(damaged(
                "an entry of its central directory has a wrong signature",
            ));
        }
        let get16 = |at| le16(header, at).unwrap_or(0);
        let get32 = |at| le32(header, at).unwrap_or(0);
        let flags = get16(8);
        let method = get16(10);
        let crc32 = get32(16);
        let compressed_size = get32(20);
        let size = get32(24);
        let name_len = usize::from(get16(28));
        let extra_len = usize::from(get16(30));
        let comment_len = usize::from(get16(32));
        let offset = get32(42);
        if [compressed_size, size, offset].contains(&0xFFFF_FFFF) {
            return Err(ZipError::Zip64);
        }
        let name = slice(directory, at + 46, name_len)
            .ok_or_else(|| damaged("an entry's name runs past its central directory"))?;
        let extra = slice(directory, at + 46 + name_len, extra_len)
            .ok_or_else(|| damaged("an entry's extra field runs past its central directory"))?;
        let path =
            unicode_path(extra, name).unwrap_or_else(|| decode_name(name, flags & 0x0800 != 0));
        list.push(Entry {
            is_dir: path.ends_with('/') || path.ends_with('\\'),
            path,
            size: u64::from(size),
            compressed_size: u64::from(compressed_size),
            method,
            crc32,
            encrypted: flags & 1 != 0,
            offset: u64::from(offset),
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(list)
}

/// A name from its bytes: UTF-8 when flag bit 11 says so, or when the bytes
/// are valid UTF-8 anyway (macOS writes UTF-8 without the flag), else the
/// original IBM PC code page 437.
fn decode_name(name: &[u8], utf8: bool) -> String {
    if utf8 {
        return String::from_utf8_lossy(name).into_owned();
    }
    match std::str::from_utf8(name) {
        Ok(text) => text.to_string(),
        Err(_) => name.iter().map(|&b| cp437(b)).collect(),
    }
}

/// The Info-ZIP Unicode Path extra field (0x7075): version 1, CRC-32 of
/// the plain name, then the name in UTF-8. Used when its CRC matches.
fn unicode_path(mut extra: &[u8], name: &[u8]) -> Option<String> {
    while extra.len() >= 4 {
        let id = le16(extra, 0)?;
        let size = usize::from(le16(extra, 2)?);
        let data = slice(extra, 4, size)?;
        if id == 0x7075 && data.len() > 5 && data[0] == 1 {
            let crc = le32(data, 1)?;
            if crc == crc32fast::hash(name) {
                return std::str::from_utf8(&data[5..]).ok().map(str::to_string);
            }
        }
        extra = &extra[4 + size..];
    }
    None
}

/// IBM PC code page 437, the zip format's original character set.
fn cp437(b: u8) -> char {
    const HIGH: [char; 128] = [
        'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
        'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
        'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
        '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
        '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
        '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
        'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
        '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
    ];
    if b < 0x80 {
        char::from(b)
    } else {
        HIGH[usize::from(b - 0x80)]
    }
}

/// The contents of `entry`, at most `max` bytes once inflated: stored and
/// deflate only, CRC-32 checked. Reading stops at `max` (and at the size the
/// entry declares), so a zip bomb costs at most that much memory.
pub fn read(bytes: &[u8], entry: &Entry, max: u64) -> Result<Vec<u8>, ZipError> {
    let path = || entry.path.clone();
    if entry.encrypted {
        return Err(ZipError::Encrypted { path: path() });
    }
    if entry.size > max {
        return Err(ZipError::TooLarge { path: path(), max });
    }
    let offset = usize::try_from(entry.offset).map_err(|_| ZipError::Truncated)?;
    let header = slice(bytes, offset, 30).ok_or(ZipError::Truncated)?;
    if le32(header, 0) != Some(LOCAL_HEADER) {
        return Err(damaged(
            "an entry's local header is not where its directory says",
        ));
    }
    let name_len = usize::from(le16(header, 26).unwrap_or(0));
    let extra_len = usize::from(le16(header, 28).unwrap_or(0));
    let start = offset + 30 + name_len + extra_len;
    let stored_len = usize::try_from(entry.compressed_size).map_err(|_| ZipError::Truncated)?;
    let data = slice(bytes, start, stored_len).ok_or(ZipError::Truncated)?;

    let declared = entry.size;
    let contents = match entry.method {
        0 => {
            if entry.compressed_size != declared {
                return Err(ZipError::SizeMismatch {
                    path: path(),
                    declared,
                    actual: entry.compressed_size,
                });
            }
            data.to_vec()
        }
        8 => {
            // Room for the declared size only (deflate cannot grow data
            // more than about 1032 times); one byte more tells "longer".
            let room = declared.min(entry.compressed_size.saturating_mul(1032) + 64);
            let mut out = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
            DeflateDecoder::new(data)
                .take(declared + 1)
                .read_to_end(&mut out)
                .map_err(|_| damaged(&format!("{} does not inflate", entry.path)))?;
            if out.len() as u64 != declared {
                return Err(ZipError::SizeMismatch {
                    path: path(),
                    declared,
                    actual: out.len() as u64,
                });
            }
            out
        }
        method => {
            return Err(ZipError::UnsupportedMethod {
                path: path(),
                method,
            })
        }
    };
    if crc32fast::hash(&contents) != entry.crc32 {
        return Err(ZipError::Crc { path: path() });
    }
    Ok(contents)
}

/// Whether a path is kept as a photo of a class: `Some((class, file name))`
/// where the class is the file's immediate folder. `None` for folders,
/// anything under `__MACOSX/`, hidden names (starting with `.`, in any
/// folder), Windows' `Thumbs.db` and `desktop.ini`, and files at the top of
/// the zip (no folder, no class). Backslashes count as `/`.
///
/// `dataset/training_set/cats/cat.1.jpg` → `("cats", "cat.1.jpg")`.
pub fn class_of(path: &str) -> Option<(String, String)> {
    let path = path.replace('\\', "/");
    if path.ends_with('/') {
        return None;
    }
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.iter().any(|p| *p == "__MACOSX" || p.starts_with('.')) {
        return None;
    }
    let (&name, folders) = parts.split_last()?;
    let &class = folders.last()?;
    if name.eq_ignore_ascii_case("thumbs.db") || name.eq_ignore_ascii_case("desktop.ini") {
        return None;
    }
    Some((class.to_string(), name.to_string()))
}

/// Writes a zip in memory: entries added in order, the central directory at
/// [`ZipWriter::finish`]. Times are fixed (1980-01-01 00:00), so the same
/// entries give the same bytes.
#[derive(Debug, Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    /// Central directory records so far.
    central: Vec<u8>,
    count: usize,
}

impl ZipWriter {
    pub fn new() -> ZipWriter {
        ZipWriter::default()
    }

    /// Adds a file at `path` (`/`-separated; a name that is not ASCII is
    /// flagged UTF-8), deflated or stored. Refused with
    /// [`ZipError::TooLargeToWrite`] past 65,535 entries or 4 GiB.
    pub fn add(&mut self, path: &str, data: &[u8], deflate: bool) -> Result<(), ZipError> {
        let too_large = ZipError::TooLargeToWrite;
        if self.count >= 0xFFFF || path.len() > 0xFFFF {
            return Err(too_large);
        }
        let crc = crc32fast::hash(data);
        let stored;
        let (method, body): (u16, &[u8]) = if deflate {
            let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
            // Writing into a Vec cannot fail.
            let _ = encoder.write_all(data);
            stored = encoder.finish().unwrap_or_default();
            (8, &stored)
        } else {
            (0, data)
        };
        let (Ok(size), Ok(compressed), Ok(offset)) = (
            u32::try_from(data.len()),
            u32::try_from(body.len()),
            u32::try_from(self.out.len()),
        ) else {
            return Err(too_large);
        };
        if size == u32::MAX || compressed == u32::MAX || offset == u32::MAX {
            return Err(too_large);
        }
        let flags: u16 = if path.is_ascii() { 0 } else { 0x0800 };
        let name = path.as_bytes();
        // Shared by the local header (from "version needed") and the
        // central record: version, flags, method, time, date, CRC, sizes,
        // name length, extra length.
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20u16.to_le_bytes());
        common.extend_from_slice(&flags.to_le_bytes());
        common.extend_from_slice(&method.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // 00:00
        common.extend_from_slice(&0x0021u16.to_le_bytes()); // 1980-01-01
        common.extend_from_slice(&crc.to_le_bytes());
        common.extend_from_slice(&compressed.to_le_bytes());
        common.extend_from_slice(&size.to_le_bytes());
        common.extend_from_slice(&(name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes());

        self.out.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        self.out.extend_from_slice(&common);
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(body);

        self.central
            .extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
        self.central.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, 2.0
        self.central.extend_from_slice(&common);
        self.central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        self.central.extend_from_slice(&0u16.to_le_bytes()); // disk
        self.central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        self.central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name);
        self.count += 1;
        Ok(())
    }

    /// The whole zip. (Sizes were checked by [`ZipWriter::add`]; a central
    /// directory past 4 GiB is written with saturated offsets, which no zip
    /// of this app's size reaches.)
    pub fn finish(mut self) -> Vec<u8> {
        let cd_offset = u32::try_from(self.out.len()).unwrap_or(u32::MAX);
        let cd_size = u32::try_from(self.central.len()).unwrap_or(u32::MAX);
        let count = u16::try_from(self.count).unwrap_or(u16::MAX);
        self.out.append(&mut self.central);
        self.out.extend_from_slice(&END_OF_CENTRAL.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes()); // this disk
        self.out.extend_from_slice(&0u16.to_le_bytes()); // directory's disk
        self.out.extend_from_slice(&count.to_le_bytes());
        self.out.extend_from_slice(&count.to_le_bytes());
        self.out.extend_from_slice(&cd_size.to_le_bytes());
        self.out.extend_from_slice(&cd_offset.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        self.out
    }
}
