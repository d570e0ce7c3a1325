//! What a file is, from its bytes alone: [`probe`] reads the headers and
//! walks the structure of JPEG, PNG, GIF, WebP and BMP files, and refuses
//! everything else with a reason ([`Refusal`]).
//!
//! The parsers are small and bounds-checked: no slice is indexed without a
//! check, no allocation follows a size the file declares, and no pixel is
//! decoded. A 30000x30000 "decompression bomb" is refused from its header.

use std::fmt;

/// Most decoded pixels one photo may have (a 12-megapixel camera photo
/// passes; a 30000x30000 PNG does not).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Largest file accepted as one photo, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most photos in one project (the slides' 3,000-photo cats and dogs fit
/// three times over).
pub const MAX_PHOTOS: usize = 10_000;
/// Most classes in one project.
pub const MAX_CLASSES: usize = 10;
/// Fewest classes a project can train on.
pub const MIN_CLASSES: usize = 2;

/// The picture formats the app accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Gif,
    WebP,
    Bmp,
}

impl Format {
    /// Every accepted format.
    pub const ALL: [Format; 5] = [
        Format::Jpeg,
        Format::Png,
        Format::Gif,
        Format::WebP,
        Format::Bmp,
    ];

    /// The media type, for a `Blob` the browser decodes.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::WebP => "image/webp",
            Format::Bmp => "image/bmp",
        }
    }

    /// The name a learner knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::WebP => "WebP",
            Format::Bmp => "BMP",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Facts worth telling the learner that do not stop the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Note {
    /// 16 bits per channel; the app keeps 8.
    SixteenBit,
    /// A CMYK (print) JPEG; its colours are converted to RGB.
    Cmyk,
    /// Grey with transparency; transparent parts become white.
    GrayAlpha,
    /// An animation of `frames` pictures; the first is used.
    Animated { frames: u32 },
    /// A progressive JPEG (it loads blurry first); fine.
    Progressive,
    /// Transparency; transparent parts become white.
    Alpha,
}

impl Note {
    /// A stable slug for translation.
    pub fn code(&self) -> &'static str {
        match self {
            Note::SixteenBit => "sixteen-bit",
            Note::Cmyk => "cmyk",
            Note::GrayAlpha => "gray-alpha",
            Note::Animated { .. } => "animated",
            Note::Progressive => "progressive",
            Note::Alpha => "alpha",
        }
    }

    /// The values a translated sentence needs (`frames`).
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Note::Animated { frames } => vec![("frames", frames.to_string())],
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::SixteenBit => f.write_str("It has 16 bits per colour; the app keeps 8."),
            Note::Cmyk => f.write_str(
                "It is a CMYK (print) picture; its colours are converted to screen colours and may shift a little.",
            ),
            Note::GrayAlpha => {
                f.write_str("It is grey with transparent parts; they become white.")
            }
            Note::Animated { frames } => write!(
                f,
                "It is an animation of {frames} pictures; the app uses the first."
            ),
            Note::Progressive => f.write_str("It is a progressive JPEG; that is fine."),
            Note::Alpha => f.write_str("It has transparent parts; they become white."),
        }
    }
}

/// What [`probe`] found in a file the app accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub format: Format,
    /// Size as stored, before the EXIF orientation is applied.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation, 1..=8; 1 when the file has none.
    pub orientation: u8,
    pub notes: Vec<Note>,
}

impl Probe {
    /// `(width, height)` once the EXIF orientation is applied (5..=8 turn
    /// the picture a quarter, swapping the sides).
    pub fn upright(&self) -> (u32, u32) {
        if (5..=8).contains(&self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// `width × height`, the number of decoded pixels.
    pub fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

/// Why a file is refused. [`Refusal::code`] is stable for translation;
/// `Display` gives the English sentence, which says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Zero bytes.
    Empty,
    /// A picture file larger than [`MAX_FILE_BYTES`] (other files get
    /// their own refusal whatever their size).
    TooBig { bytes: u64, max: u64 },
    /// Not a picture at all (a text file renamed `.jpg`, …).
    NotAnImage,
    /// An SVG drawing.
    Svg,
    /// A HEIC/HEIF photo (iPhone default), which browsers cannot decode.
    Heic,
    /// A recognisable format the app does not read (AVIF, TIFF, …).
    Unsupported { what: String },
    /// The file stops before its end.
    Truncated { format: Format },
    /// The file's structure is wrong; `detail` says where, in English.
    Damaged { format: Format, detail: String },
    /// More than `max` pixels, from the header ("decompression bomb").
    TooManyPixels { width: u32, height: u32, max: u64 },
}

impl Refusal {
    /// A stable slug for translation.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::TooBig { .. } => "too-big",
            Refusal::NotAnImage => "not-image",
            Refusal::Svg => "svg",
            Refusal::Heic => "heic",
            Refusal::Unsupported { .. } => "unsupported",
            Refusal::Truncated { .. } => "truncated",
            Refusal::Damaged { .. } => "damaged",
            Refusal::TooManyPixels { .. } => "too-many-pixels",
        }
    }

    /// The values a translated sentence needs, by name: `format`, `width`,
    /// `height`, `max`, `bytes`, `what`, `detail`, and for reading,
    /// `megabytes`/`max_megabytes` and `megapixels`/`max_megapixels`.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Refusal::Empty | Refusal::NotAnImage | Refusal::Svg | Refusal::Heic => Vec::new(),
            Refusal::TooBig { bytes, max } => vec![
                ("bytes", bytes.to_string()),
                ("max", max.to_string()),
                ("megabytes", megabytes(*bytes)),
                ("max_megabytes", megabytes(*max)),
            ],
            Refusal::Unsupported { what } => vec![("what", what.clone())],
            Refusal::Truncated { format } => vec![("format", format.name().to_string())],
            Refusal::Damaged { format, detail } => vec![
                ("format", format.name().to_string()),
                ("detail", detail.clone()),
            ],
            Refusal::TooManyPixels { width, height, max } => vec![
                ("width", width.to_string()),
                ("height", height.to_string()),
                ("max", max.to_string()),
                (
                    "megapixels",
                    megapixels(u64::from(*width) * u64::from(*height)),
                ),
                ("max_megapixels", megapixels(*max)),
            ],
        }
    }
}

/// Bytes as megabytes (MiB) with one decimal: `"64.0"`.
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Pixels as megapixels with one decimal: `"900.0"`.
fn megapixels(pixels: u64) -> String {
    let tenths = (pixels + 50_000) / 100_000;
    format!("{}.{}", tenths / 10, tenths % 10)
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Empty => f.write_str(
                "This file is empty (0 bytes); copy it again from where it came from.",
            ),
            Refusal::TooBig { bytes, max } => write!(
                f,
                "This file is {} MB, more than the {} MB a photo may be; save a smaller copy (for example as a JPEG) and add that.",
                megabytes(*bytes),
                megabytes(*max)
            ),
            Refusal::NotAnImage => f.write_str(
                "This file is not a picture (it is not a JPEG, PNG, GIF, WebP or BMP file); choose a photo.",
            ),
            Refusal::Svg => f.write_str(
                "This is an SVG drawing, not a photo; export it as a PNG from your drawing program and add that.",
            ),
            Refusal::Heic => f.write_str(
                "This is a HEIC photo, which browsers cannot open; export it as JPEG and add that (on an iPhone, Settings › Camera › Formats › Most Compatible takes JPEG photos).",
            ),
            Refusal::Unsupported { what } => write!(
                f,
                "The app cannot read this kind of file ({what}); save it as JPEG or PNG and add that."
            ),
            Refusal::Truncated { format } => write!(
                f,
                "This {format} file is cut short (truncated); copy it again from where it came from."
            ),
            Refusal::Damaged { format, detail } => write!(
                f,
                "This {format} file is damaged ({detail}); open it in a photo editor and save it again, or choose another photo."
            ),
            Refusal::TooManyPixels { width, height, max } => write!(
                f,
                "This picture is {width}×{height} pixels ({} megapixels), more than the {} megapixels a photo may have; save a smaller copy and add that.",
                megapixels(u64::from(*width) * u64::from(*height)),
                megapixels(*max)
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// What a file is and its size, or why it is refused. `bytes` is the WHOLE
/// file: the structure is walked to its end, so a file cut short is found
/// here rather than by a decoder later.
pub fn probe(bytes: &[u8]) -> Result<Probe, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    // What it is comes first (from its first bytes), so a large video is
    // refused as a video rather than as too big.
    let kind = identify(bytes);
    let len = bytes.len() as u64;
    if matches!(kind, Kind::Image(_)) && len > MAX_FILE_BYTES {
        return Err(Refusal::TooBig {
            bytes: len,
            max: MAX_FILE_BYTES,
        });
    }
    match kind {
        Kind::Image(Format::Png) => png(bytes),
        Kind::Image(Format::Jpeg) => jpeg(bytes),
        Kind::Image(Format::Gif) => gif(bytes),
        Kind::Image(Format::WebP) => webp(bytes),
        Kind::Image(Format::Bmp) => bmp(bytes),
        Kind::Svg => Err(Refusal::Svg),
        Kind::Heic => Err(Refusal::Heic),
        Kind::Other(what) => Err(Refusal::Unsupported {
            what: what.to_string(),
        }),
        Kind::Unknown => Err(Refusal::NotAnImage),
    }
}

// ---------------------------------------------------------------------------
// Bounds-checked reading.

/// `len` bytes at `at`, or `None` past the end (no overflow either).
fn slice(b: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(len)?)
}

fn u8_at(b: &[u8], at: usize) -> Option<u8> {
    b.get(at).copied()
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = slice(b, at, 2)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    let s = slice(b, at, 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = slice(b, at, 4)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = slice(b, at, 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = slice(b, at, 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

fn damaged(format: Format, detail: impl Into<String>) -> Refusal {
    Refusal::Damaged {
        format,
        detail: detail.into(),
    }
}

/// Refuses a size of zero or more than [`MAX_PIXELS`] pixels.
fn check_size(format: Format, width: u32, height: u32) -> Result<(), Refusal> {
    if width == 0 || height == 0 {
        return Err(damaged(
            format,
            format!("its header declares a size of {width}×{height} pixels"),
        ));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooManyPixels {
            width,
            height,
            max: MAX_PIXELS,
        });
    }
    Ok(())
}

fn push_note(notes: &mut Vec<Note>, note: Note) {
    if !notes.contains(&note) {
        notes.push(note);
    }
}

// ---------------------------------------------------------------------------
// Identification by signature.

enum Kind {
    Image(Format),
    Svg,
    Heic,
    Other(&'static str),
    Unknown,
}

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

fn identify(b: &[u8]) -> Kind {
    // A PNG signature, or the start of one cut short.
    if b.starts_with(PNG_SIGNATURE) || (b.len() >= 4 && PNG_SIGNATURE.starts_with(b)) {
        return Kind::Image(Format::Png);
    }
    if b.starts_with(&[0xFF, 0xD8]) && (b.len() == 2 || b[2] == 0xFF) {
        return Kind::Image(Format::Jpeg);
    }
    if b.starts_with(b"GIF87a")
        || b.starts_with(b"GIF89a")
        || (b.len() < 6 && b.starts_with(b"GIF8"))
    {
        return Kind::Image(Format::Gif);
    }
    if b.starts_with(b"RIFF") {
        return match slice(b, 8, 4) {
            Some(b"WEBP") => Kind::Image(Format::WebP),
            Some(b"AVI ") => Kind::Other("AVI video"),
            Some(b"WAVE") => Kind::Other("WAV sound"),
            _ => Kind::Unknown,
        };
    }
    if b.starts_with(b"BM") && bmp_plausible(b) {
        return Kind::Image(Format::Bmp);
    }
    if slice(b, 4, 4) == Some(b"ftyp") {
        return iso_media(b);
    }
    if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        return Kind::Other("TIFF or camera RAW");
    }
    if b.starts_with(b"IIRO") || b.starts_with(b"IIU\0") {
        return Kind::Other("camera RAW");
    }
    if b.starts_with(&[0xFF, 0x0A]) || b.starts_with(b"\0\0\0\x0cJXL \r\n\x87\n") {
        return Kind::Other("JPEG XL");
    }
    if b.starts_with(b"\0\0\0\x0cjP  \r\n\x87\n") || b.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
        return Kind::Other("JPEG 2000");
    }
    if b.starts_with(b"%PDF") {
        return Kind::Other("PDF");
    }
    if b.starts_with(b"8BPS") {
        return Kind::Other("Photoshop PSD");
    }
    if b.starts_with(&[0, 0, 1, 0]) && b.len() >= 22 {
        return Kind::Other("icon (ICO)");
    }
    if b.starts_with(b"qoif") {
        return Kind::Other("QOI");
    }
    if b.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return Kind::Other("WebM or MKV video");
    }
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        return Kind::Other("ZIP archive");
    }
    if b.starts_with(&[0x1F, 0x8B]) {
        return Kind::Other("gzip archive");
    }
    if b.starts_with(b"Rar!") {
        return Kind::Other("RAR archive");
    }
    if b.starts_with(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) {
        return Kind::Other("7-Zip archive");
    }
    if is_svg(b) {
        return Kind::Svg;
    }
    Kind::Unknown
}

/// An ISO base media file (`ftyp` box): HEIC, AVIF, a video, ….
fn iso_media(b: &[u8]) -> Kind {
    let size = be32(b, 0).unwrap_or(0) as usize;
    let end = size.clamp(16, 4096).min(b.len());
    let mut brands: Vec<&[u8]> = Vec::new();
    if let Some(major) = slice(b, 8, 4) {
        brands.push(major);
    }
    let mut at = 16;
    while at + 4 <= end {
        if let Some(brand) = slice(b, at, 4) {
            brands.push(brand);
        }
        at += 4;
    }
    let any = |set: &[&[u8; 4]]| brands.iter().any(|b| set.iter().any(|s| *b == &s[..]));
    if any(&[b"avif", b"avis"]) {
        Kind::Other("AVIF")
    } else if any(&[
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
    ]) {
        Kind::Heic
    } else if any(&[b"crx "]) {
        Kind::Other("camera RAW (CR3)")
    } else if any(&[
        b"isom", b"iso2", b"mp41", b"mp42", b"qt  ", b"M4V ", b"3gp4", b"3gp5", b"3g2a", b"avc1",
    ]) {
        Kind::Other("MP4 or QuickTime video")
    } else {
        Kind::Other("ISO media")
    }
}

/// Text that starts like XML and has an `<svg` element near the start.
fn is_svg(b: &[u8]) -> bool {
    let head = &b[..b.len().min(4096)];
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let start = head.iter().position(|c| !c.is_ascii_whitespace());
    let Some(start) = start else { return false };
    if head[start] != b'<' {
        return false;
    }
    let find = |needle: &[u8]| head.windows(needle.len()).position(|w| w == needle);
    match (find(b"<svg"), find(b"<html")) {
        (Some(svg), Some(html)) => svg < html,
        (Some(_), None) => true,
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// PNG: signature, IHDR, then every chunk up to IEND.

fn png(b: &[u8]) -> Result<Probe, Refusal> {
    const F: Format = Format::Png;
    if b.len() < 8 {
        return Err(Refusal::Truncated { format: F });
    }
    // IHDR: length 13, "IHDR", width, height, depth, colour type,
    // compression, filter, interlace, CRC.
    let Some(ihdr) = slice(b, 8, 25) else {
        return Err(Refusal::Truncated { format: F });
    };
    if ihdr[..8] != *b"\0\0\0\x0dIHDR" {
        return Err(damaged(F, "its first chunk is not the IHDR header"));
    }
    let crc = u32::from_be_bytes([ihdr[21], ihdr[22], ihdr[23], ihdr[24]]);
    if crc32fast::hash(&ihdr[4..21]) != crc {
        return Err(damaged(F, "its IHDR header fails its checksum (CRC)"));
    }
    let width = u32::from_be_bytes([ihdr[8], ihdr[9], ihdr[10], ihdr[11]]);
    let height = u32::from_be_bytes([ihdr[12], ihdr[13], ihdr[14], ihdr[15]]);
    let (depth, colour) = (ihdr[16], ihdr[17]);
    if width > 0x7FFF_FFFF || height > 0x7FFF_FFFF {
        return Err(damaged(F, "its width or height is over the PNG limit"));
    }
    let valid = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => false,
    };
    if !valid {
        return Err(damaged(
            F,
            format!("colour type {colour} with {depth} bits is not a PNG combination"),
        ));
    }
    if ihdr[18] != 0 || ihdr[19] != 0 || ihdr[20] > 1 {
        return Err(damaged(
            F,
            "its IHDR names an unknown compression, filter or interlace method",
        ));
    }
    check_size(F, width, height)?;

    let mut notes = Vec::new();
    if depth == 16 {
        push_note(&mut notes, Note::SixteenBit);
    }
    match colour {
        4 => push_note(&mut notes, Note::GrayAlpha),
        6 => push_note(&mut notes, Note::Alpha),
        _ => {}
    }

    // Walk the chunks after IHDR: each is length, type, data, CRC.
    let mut at = 33;
    let mut seen_idat = false;
    let mut seen_palette = false;
    loop {
        let (Some(length), Some(kind)) = (be32(b, at), slice(b, at + 4, 4)) else {
            return Err(Refusal::Truncated { format: F });
        };
        if length > 0x7FFF_FFFF {
            return Err(damaged(F, "a chunk declares an impossible length"));
        }
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(damaged(F, "a chunk has a name that is not letters"));
        }
        let Some(body) = slice(b, at + 4, length as usize + 4) else {
            return Err(Refusal::Truncated { format: F });
        };
        let Some(crc) = be32(b, at + 8 + length as usize) else {
            return Err(Refusal::Truncated { format: F });
        };
        // Decoders reject critical chunks (upper-case first letter) with a
        // bad checksum and skip ancillary ones.
        if kind[0].is_ascii_uppercase() && crc32fast::hash(body) != crc {
            return Err(damaged(
                F,
                format!(
                    "its {} chunk fails its checksum (CRC)",
                    String::from_utf8_lossy(kind)
                ),
            ));
        }
        let data = &body[4..];
        match kind {
            b"IHDR" => return Err(damaged(F, "it has two IHDR headers")),
            b"IDAT" => {
                if colour == 3 && !seen_palette {
                    return Err(damaged(F, "it uses a palette but has none (PLTE)"));
                }
                seen_idat = true;
            }
            b"IEND" => break,
            b"tRNS" => push_note(&mut notes, Note::Alpha),
            b"acTL" => {
                // num_frames, num_plays.
                if let Some(frames) = be32(data, 0) {
                    if frames > 1 {
                        push_note(&mut notes, Note::Animated { frames });
                    }
                }
            }
            b"PLTE" => seen_palette = true,
            _ => {}
        }
        at += 12 + length as usize;
    }
    if !seen_idat {
        return Err(damaged(F, "it has no image data (IDAT)"));
    }
    Ok(Probe {
        format: F,
        width,
        height,
        orientation: 1,
        notes,
    })
}

// ---------------------------------------------------------------------------
// JPEG: markers from SOI to EOI, the scans in between, APP1 Exif.

fn jpeg(b: &[u8]) -> Result<Probe, Refusal> {
    const F: Format = Format::Jpeg;
    let mut notes = Vec::new();
    let mut size: Option<(u32, u32)> = None;
    let mut orientation: Option<u8> = None;
    let mut seen_scan = false;
    let mut at = 2; // after SOI
    loop {
        // Find the next marker: 0xFF, any fill 0xFF bytes, then the code.
        // Like libjpeg, stray bytes before a marker are skipped.
        let Some(ff) = b
            .get(at..)
            .and_then(|rest| rest.iter().position(|&c| c == 0xFF))
        else {
            return Err(Refusal::Truncated { format: F });
        };
        at += ff;
        while b.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(marker) = u8_at(b, at) else {
            return Err(Refusal::Truncated { format: F });
        };
        at += 1;
        match marker {
            0xD9 => break, // EOI; anything after it is ignored
            0xD8 => {
                return Err(damaged(
                    F,
                    "a second start-of-image marker appears before the end",
                ))
            }
            0x01 | 0xD0..=0xD7 => continue, // no length
            0x00 => continue,               // stuffed byte outside a scan: skip
            _ => {}
        }
        let Some(length) = be16(b, at) else {
            return Err(Refusal::Truncated { format: F });
        };
        let length = usize::from(length);
        if length < 2 {
            return Err(damaged(F, "a segment declares a length under 2"));
        }
        let Some(segment) = slice(b, at + 2, length - 2) else {
            return Err(Refusal::Truncated { format: F });
        };
        at += length;
        match marker {
            // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if size.is_some() {
                    continue;
                }
                let (Some(precision), Some(height), Some(width), Some(components)) = (
                    u8_at(segment, 0),
                    be16(segment, 1),
                    be16(segment, 3),
                    u8_at(segment, 5),
                ) else {
                    return Err(damaged(F, "its frame header is too short"));
                };
                match marker {
                    0xC3 | 0xC7 | 0xCB | 0xCF => {
                        return Err(Refusal::Unsupported {
                            what: "lossless JPEG".into(),
                        })
                    }
                    0xC5 | 0xC6 | 0xCD | 0xCE => {
                        return Err(Refusal::Unsupported {
                            what: "hierarchical JPEG".into(),
                        })
                    }
                    0xC2 | 0xCA => push_note(&mut notes, Note::Progressive),
                    _ => {}
                }
                if precision != 8 {
                    return Err(Refusal::Unsupported {
                        what: format!("{precision}-bit JPEG"),
                    });
                }
                if height == 0 {
                    return Err(damaged(
                        F,
                        "its height is left for later (DNL), which browsers do not read",
                    ));
                }
                match components {
                    1 | 3 => {}
                    4 => push_note(&mut notes, Note::Cmyk),
                    n => return Err(damaged(F, format!("it has {n} colour components"))),
                }
                if segment.len() < 6 + 3 * usize::from(components) {
                    return Err(damaged(F, "its frame header is too short"));
                }
                check_size(F, u32::from(width), u32::from(height))?;
                size = Some((u32::from(width), u32::from(height)));
            }
            0xE1 if orientation.is_none() => {
                if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                    orientation = Some(exif_orientation(tiff).unwrap_or(1));
                }
            }
            0xDA => {
                if size.is_none() {
                    return Err(damaged(F, "its image data comes before its frame header"));
                }
                seen_scan = true;
                at = skip_scan(b, at).ok_or(Refusal::Truncated { format: F })?;
            }
            _ => {}
        }
    }
    let Some((width, height)) = size else {
        return Err(damaged(F, "it has no frame header (SOF)"));
    };
    if !seen_scan {
        return Err(damaged(F, "it has no image data (SOS)"));
    }
    Ok(Probe {
        format: F,
        width,
        height,
        orientation: orientation.unwrap_or(1),
        notes,
    })
}

/// Skips entropy-coded data from `at` to the next marker that is not a
/// stuffed `FF 00`, a fill byte or a restart marker; returns its position
/// (at the `FF`), or `None` if the data runs off the end.
fn skip_scan(b: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += b.get(at..)?.iter().position(|&c| c == 0xFF)?;
        let mut next = at + 1;
        while b.get(next) == Some(&0xFF) {
            next += 1;
        }
        match *b.get(next)? {
            0x00 | 0xD0..=0xD7 => at = next + 1,
            _ => return Some(at),
        }
    }
}

/// Orientation (tag 0x0112) from IFD0 of a TIFF block, either byte order.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match slice(tiff, 0, 2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| if big { be16(tiff, at) } else { le16(tiff, at) };
    let u32_at = |at: usize| if big { be32(tiff, at) } else { le32(tiff, at) };
    if u16_at(2)? != 42 {
        return None;
    }
    let ifd = u32_at(4)? as usize;
    let count = usize::from(u16_at(ifd)?);
    for i in 0..count {
        let entry = ifd.checked_add(2 + 12 * i)?;
        if u16_at(entry)? != 0x0112 {
            continue;
        }
        let value = match u16_at(entry + 2)? {
            3 => u32::from(u16_at(entry + 8)?), // SHORT
            4 => u32_at(entry + 8)?,            // LONG (seen in the wild)
            _ => return None,
        };
        return (1..=8).contains(&value).then_some(value as u8);
    }
    None
}

// ---------------------------------------------------------------------------
// GIF: header, screen descriptor, blocks to the trailer.

fn gif(b: &[u8]) -> Result<Probe, Refusal> {
    const F: Format = Format::Gif;
    let truncated = Refusal::Truncated { format: F };
    let (Some(screen_w), Some(screen_h), Some(flags)) = (le16(b, 6), le16(b, 8), u8_at(b, 10))
    else {
        return Err(truncated);
    };
    let mut at = 13;
    if flags & 0x80 != 0 {
        at += 3 << ((flags & 7) + 1);
    }
    let mut notes = Vec::new();
    let mut frames = 0u32;
    let mut first: Option<(u16, u16)> = None;
    loop {
        let Some(block) = u8_at(b, at) else {
            return Err(truncated);
        };
        at += 1;
        match block {
            0x2C => {
                // Image descriptor: left, top, width, height, flags.
                let (Some(w), Some(h), Some(flags)) =
                    (le16(b, at + 4), le16(b, at + 6), u8_at(b, at + 8))
                else {
                    return Err(truncated);
                };
                at += 9;
                if flags & 0x80 != 0 {
                    at += 3 << ((flags & 7) + 1);
                }
                let Some(code_size) = u8_at(b, at) else {
                    return Err(truncated);
                };
                if !(1..=11).contains(&code_size) {
                    return Err(damaged(
                        F,
                        format!("a picture declares an LZW code size of {code_size}"),
                    ));
                }
                at = skip_sub_blocks(b, at + 1).ok_or(Refusal::Truncated { format: F })?;
                // Decoders allocate each picture at its own size, which may
                // be larger than the screen.
                if u64::from(w) * u64::from(h) > MAX_PIXELS {
                    return Err(Refusal::TooManyPixels {
                        width: u32::from(w),
                        height: u32::from(h),
                        max: MAX_PIXELS,
                    });
                }
                if first.is_none() {
                    first = Some((w, h));
                }
                frames = frames.saturating_add(1);
            }
            0x21 => {
                let Some(label) = u8_at(b, at) else {
                    return Err(truncated);
                };
                // Graphic control extension: flags bit 0 = transparency.
                if label == 0xF9 && u8_at(b, at + 1) == Some(4) {
                    if let Some(flags) = u8_at(b, at + 2) {
                        if flags & 1 != 0 {
                            push_note(&mut notes, Note::Alpha);
                        }
                    }
                }
                at = skip_sub_blocks(b, at + 1).ok_or(Refusal::Truncated { format: F })?;
            }
            0x3B => break,
            other => {
                if frames == 0 {
                    return Err(damaged(
                        F,
                        format!("it has an unknown block ({other:#04x}) before any picture"),
                    ));
                }
                // Browsers show the pictures read so far; so do we.
                break;
            }
        }
    }
    let Some((first_w, first_h)) = first else {
        return Err(damaged(F, "it holds no picture"));
    };
    let (width, height) = if screen_w == 0 || screen_h == 0 {
        (first_w, first_h)
    } else {
        (screen_w, screen_h)
    };
    check_size(F, u32::from(width), u32::from(height))?;
    if frames > 1 {
        notes.insert(0, Note::Animated { frames });
    }
    Ok(Probe {
        format: F,
        width: u32::from(width),
        height: u32::from(height),
        orientation: 1,
        notes,
    })
}

/// Skips GIF data sub-blocks (size byte, data) up to the empty one; returns
/// the position after it.
fn skip_sub_blocks(b: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let size = usize::from(u8_at(b, at)?);
        at += 1;
        if size == 0 {
            return Some(at);
        }
        at = at.checked_add(size)?;
        if at > b.len() {
            return None;
        }
    }
}

// ---------------------------------------------------------------------------
// WebP: RIFF container, VP8 / VP8L / VP8X.

fn webp(b: &[u8]) -> Result<Probe, Refusal> {
    const F: Format = Format::WebP;
    let truncated = Refusal::Truncated { format: F };
    let Some(riff_size) = le32(b, 4) else {
        return Err(truncated);
    };
    let end = 8u64 + u64::from(riff_size);
    if end > b.len() as u64 {
        return Err(truncated);
    }
    if riff_size < 4 {
        return Err(damaged(F, "its RIFF container is empty"));
    }
    let end = end as usize;
    let body = &b[..end];

    let mut size: Option<(u32, u32)> = None;
    let mut notes = Vec::new();
    let mut extended = false;
    let mut animated = false;
    let mut frames = 0u32;
    let mut seen_image = false;
    let mut at = 12;
    let mut first = true;
    while at < end {
        let (Some(kind), Some(length)) = (slice(body, at, 4), le32(body, at + 4)) else {
            return Err(damaged(
                F,
                "a chunk header runs past the end of its RIFF container",
            ));
        };
        let length = length as usize;
        let Some(data) = slice(body, at + 8, length) else {
            return Err(damaged(
                F,
                "a chunk runs past the end of its RIFF container",
            ));
        };
        match kind {
            // The image data: the first chunk of a simple file, or the
            // first VP8/VP8L chunk of an extended one.
            b"VP8 " | b"VP8L" if (first || extended) && !seen_image => {
                let (w, h, alpha) = if kind == b"VP8 " {
                    vp8(data)?
                } else {
                    vp8l(data)?
                };
                if first {
                    check_size(F, w, h)?;
                    size = Some((w, h));
                }
                if alpha && !extended {
                    push_note(&mut notes, Note::Alpha);
                }
                seen_image = true;
            }
            b"VP8X" if first => {
                let (Some(flags), Some(w), Some(h)) =
                    (u8_at(data, 0), le24(data, 4), le24(data, 7))
                else {
                    return Err(damaged(F, "its extended header (VP8X) is too short"));
                };
                let (w, h) = (w + 1, h + 1);
                check_size(F, w, h)?;
                size = Some((w, h));
                extended = true;
                animated = flags & 0x02 != 0;
                if flags & 0x10 != 0 {
                    push_note(&mut notes, Note::Alpha);
                }
            }
            b"ANMF" if extended => frames = frames.saturating_add(1),
            _ if first => {
                return Err(damaged(F, "its first chunk is not VP8, VP8L or VP8X"));
            }
            _ => {}
        }
        first = false;
        // Chunks are padded to an even length.
        at = at + 8 + length + (length & 1);
    }
    let Some((width, height)) = size else {
        return Err(damaged(F, "it has no header"));
    };
    if animated {
        if frames == 0 {
            return Err(damaged(F, "it is an animation without frames"));
        }
        if frames > 1 {
            notes.insert(0, Note::Animated { frames });
        }
    } else if !seen_image {
        return Err(damaged(F, "it has no image data"));
    }
    Ok(Probe {
        format: F,
        width,
        height,
        orientation: 1,
        notes,
    })
}

/// Lossy VP8 key frame: frame tag (3 bytes), start code `9D 01 2A`, then
/// 14-bit width and height.
fn vp8(data: &[u8]) -> Result<(u32, u32, bool), Refusal> {
    const F: Format = Format::WebP;
    let (Some(tag), Some(code), Some(w), Some(h)) = (
        u8_at(data, 0),
        slice(data, 3, 3),
        le16(data, 6),
        le16(data, 8),
    ) else {
        return Err(damaged(F, "its VP8 header is too short"));
    };
    if tag & 1 != 0 || code != [0x9D, 0x01, 0x2A] {
        return Err(damaged(F, "its VP8 data does not start with a key frame"));
    }
    Ok((u32::from(w & 0x3FFF), u32::from(h & 0x3FFF), false))
}

/// Lossless VP8L: signature `2F`, then 14 bits width−1, 14 bits height−1,
/// 1 bit alpha, 3 bits version (0).
fn vp8l(data: &[u8]) -> Result<(u32, u32, bool), Refusal> {
    const F: Format = Format::WebP;
    let (Some(signature), Some(bits)) = (u8_at(data, 0), le32(data, 1)) else {
        return Err(damaged(F, "its VP8L header is too short"));
    };
    if signature != 0x2F || bits >> 29 != 0 {
        return Err(damaged(
            F,
            "its VP8L header has a wrong signature or version",
        ));
    }
    Ok((
        (bits & 0x3FFF) + 1,
        ((bits >> 14) & 0x3FFF) + 1,
        (bits >> 28) & 1 != 0,
    ))
}

// ---------------------------------------------------------------------------
// BMP: file header and BITMAPCOREHEADER / BITMAPINFOHEADER (and later).

/// "BM" followed by a known DIB header size: tells a BMP from text.
fn bmp_plausible(b: &[u8]) -> bool {
    matches!(le32(b, 14), Some(12 | 40 | 52 | 56 | 64 | 108 | 124))
}

fn bmp(b: &[u8]) -> Result<Probe, Refusal> {
    const F: Format = Format::Bmp;
    let truncated = Refusal::Truncated { format: F };
    let (Some(offset), Some(dib)) = (le32(b, 10), le32(b, 14)) else {
        return Err(truncated);
    };
    let dib = dib as usize;
    if slice(b, 14, dib).is_none() {
        return Err(truncated);
    }
    let (width, height, top_down, bpp, compression) = if dib == 12 {
        let (Some(w), Some(h), Some(bpp)) = (le16(b, 18), le16(b, 20), le16(b, 24)) else {
            return Err(truncated);
        };
        (i64::from(w), i64::from(h), false, bpp, 0)
    } else {
        let (Some(w), Some(h), Some(bpp), Some(compression)) =
            (le32(b, 18), le32(b, 22), le16(b, 28), le32(b, 30))
        else {
            return Err(truncated);
        };
        let h = i64::from(h as i32);
        (i64::from(w as i32), h.abs(), h < 0, bpp, compression)
    };
    if width <= 0 || height <= 0 || width > i64::from(u32::MAX) || height > i64::from(u32::MAX) {
        return Err(damaged(
            F,
            format!("its header declares a size of {width}×{height} pixels"),
        ));
    }
    let (width, height) = (width as u32, height as u32);
    if !matches!(bpp, 1 | 4 | 8 | 16 | 24 | 32) {
        return Err(damaged(F, format!("it declares {bpp} bits per pixel")));
    }
    match compression {
        0 | 3 | 6 => {}
        1 if bpp == 8 && !top_down => {}
        2 if bpp == 4 && !top_down => {}
        4 => {
            return Err(Refusal::Unsupported {
                what: "BMP holding a JPEG".into(),
            })
        }
        5 => {
            return Err(Refusal::Unsupported {
                what: "BMP holding a PNG".into(),
            })
        }
        other => {
            return Err(damaged(
                F,
                format!("it uses an unknown compression ({other})"),
            ))
        }
    }
    check_size(F, width, height)?;

    let mut notes = Vec::new();
    // Alpha mask: in the header from V3 (56 bytes) on, else after a 40-byte
    // header with ALPHABITFIELDS.
    if bpp == 32 {
        let alpha_mask = if dib >= 56 || compression == 6 {
            le32(b, 14 + 52)
        } else {
            None
        };
        if alpha_mask.is_some_and(|m| m != 0) {
            push_note(&mut notes, Note::Alpha);
        }
    }

    let offset = offset as usize;
    if offset < 14 + dib {
        return Err(damaged(F, "its pixel data starts inside its header"));
    }
    if offset > b.len() {
        return Err(truncated);
    }
    if matches!(compression, 0 | 3 | 6) {
        // Rows are padded to 4 bytes.
        let stride = (u64::from(width) * u64::from(bpp)).div_ceil(32) * 4;
        let needed = offset as u64 + stride * u64::from(height);
        if needed > b.len() as u64 {
            return Err(truncated);
        }
    }
    Ok(Probe {
        format: F,
        width,
        height,
        orientation: 1,
        notes,
    })
}
