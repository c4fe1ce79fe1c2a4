//! The print file: many finished PDF/A documents joined into one PDF/A for
//! the office printer, streamed to disk one document at a time so memory
//! does not grow with the batch.
//!
//! Every document keeps its own pages, fonts and tagging. The joined file
//! gets one structure tree (a `Document` element with one `Part` per
//! document, each keeping its language), one parent tree (each document's
//! keys shifted), one bookmark per document, and the metadata (XMP, output
//! intent) of the first document with the title replaced. With duplex
//! printing, a blank page follows every document with an odd page count, so
//! the next one starts on a new sheet.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::Digest as _;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

/// Object numbers the joined file reserves for its own objects.
const CATALOG: u32 = 1;
const PAGES: u32 = 2;
const STRUCT_ROOT: u32 = 3;
const DOCUMENT_ELEM: u32 = 4;
const OUTLINES: u32 = 5;
const INFO: u32 = 6;
const METADATA: u32 = 7;
const FIRST_FREE: u32 = 8;

/// Where one document landed in the print file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The document's first page in the print file (1-based).
    pub first_page: usize,
    /// The document's last page (not counting a blank padding page).
    pub last_page: usize,
    /// Whether a blank page follows it (duplex padding).
    pub padded: bool,
}

/// Writes a print file to `out`, one document at a time.
pub struct PrintFile<W: Write> {
    out: HashingWriter<W>,
    duplex: bool,
    title: String,
    /// Byte offset of every object, indexed by object number.
    offsets: Vec<u64>,
    next_id: u32,
    pages: Vec<u32>,
    parts: Vec<u32>,
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    role_map: Dictionary,
    bookmarks: Vec<(String, u32)>,
    /// From the first document: XMP, Info, output intents, language.
    first: Option<FirstDoc>,
}

struct FirstDoc {
    xmp: String,
    info: Dictionary,
    output_intents: Object,
    lang: Option<Object>,
}

impl<W: Write> PrintFile<W> {
    /// Starts a print file titled `title`.
    pub fn new(out: W, title: &str, duplex: bool) -> Result<Self> {
        let mut out = HashingWriter::new(out);
        // A binary comment after the header, as PDF/A asks.
        out.write_all(b"%PDF-1.7\n%\x80\x80\x80\x80\n")
            .map_err(io)?;
        Ok(Self {
            out,
            duplex,
            title: title.to_owned(),
            offsets: vec![0; FIRST_FREE as usize],
            next_id: FIRST_FREE,
            pages: Vec::new(),
            parts: Vec::new(),
            parent_tree: Vec::new(),
            next_key: 0,
            role_map: Dictionary::new(),
            bookmarks: Vec::new(),
            first: None,
        })
    }

    /// Appends one PDF (as saksdok writes them); `label` becomes its
    /// bookmark and `name` is used in error messages.
    pub fn append(&mut self, pdf: &[u8], label: &str, name: &str) -> Result<Placement> {
        let doc = lopdf::Document::load_mem(pdf).map_err(|e| invalid(name, &e.to_string()))?;
        let catalog = doc
            .catalog()
            .map_err(|e| invalid(name, &e.to_string()))?
            .clone();
        let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if page_ids.is_empty() {
            return Err(invalid(name, "the document has no pages"));
        }
        let struct_root_id = catalog
            .get(b"StructTreeRoot")
            .and_then(Object::as_reference)
            .ok();
        let struct_root = struct_root_id
            .and_then(|id| doc.get_dictionary(id).ok())
            .cloned()
            .ok_or_else(|| invalid(name, "the document is not tagged (no structure tree)"))?;

        let is_first = self.first.is_none();
        if is_first {
            self.first = Some(first_doc(&doc, &catalog, name)?);
        }

        // Everything reachable from the pages, the structure elements and
        // the parent tree is copied; catalog, outlines and metadata are not.
        let mut roots: Vec<ObjectId> = page_ids.clone();
        let top: Vec<ObjectId> = refs_in(struct_root.get(b"K").ok());
        roots.extend(&top);
        let mut nums = Vec::new();
        if let Ok(pt) = struct_root.get(b"ParentTree") {
            collect_nums(&doc, pt, &mut nums, 0);
        }
        for (_, v) in &nums {
            roots.extend(refs_in(Some(v)));
        }
        let intents = catalog.get(b"OutputIntents").ok().cloned();
        if is_first {
            roots.extend(refs_in(intents.as_ref()));
        }
        let order = reachable(&doc, &roots);
        let mut map: HashMap<ObjectId, u32> = HashMap::with_capacity(order.len());
        for id in &order {
            map.insert(*id, self.alloc());
        }

        if is_first && let Some(first) = self.first.as_mut() {
            first.output_intents = intents
                .as_ref()
                .map(|o| remap(o, &map))
                .ok_or_else(|| invalid(name, "the document has no output intent"))?;
        }
        let offset = self.next_key;
        let lang = catalog.get(b"Lang").ok().cloned();
        for id in &order {
            let Ok(obj) = doc.get_object(*id) else {
                continue;
            };
            let mut obj = remap(obj, &map);
            if let Object::Dictionary(d) | Object::Stream(Stream { dict: d, .. }) = &mut obj {
                let is_page = d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Page");
                if is_page {
                    d.set("Parent", Object::Reference((PAGES, 0)));
                    if let Ok(k) = d.get(b"StructParents").and_then(Object::as_i64) {
                        d.set("StructParents", Object::Integer(k + offset));
                    }
                }
                if let Ok(k) = d.get(b"StructParent").and_then(Object::as_i64) {
                    d.set("StructParent", Object::Integer(k + offset));
                }
                if top.contains(id) {
                    // The document's own root element becomes a part of the
                    // print file's document, in the document's language.
                    d.set("P", Object::Reference((DOCUMENT_ELEM, 0)));
                    if d.get(b"S").and_then(Object::as_name).ok() == Some(b"Document") {
                        d.set("S", Object::Name(b"Part".to_vec()));
                    }
                    if let Some(l) = &lang {
                        d.set("Lang", l.clone());
                    }
                }
            }
            self.write_object(map[id], &obj)?;
        }

        let mut max_key = -1;
        for (k, v) in nums {
            max_key = max_key.max(k);
            self.parent_tree.push((k + offset, remap(&v, &map)));
        }
        let next = struct_root
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .unwrap_or(max_key + 1);
        self.next_key = offset + next.max(max_key + 1);
        if let Ok(rm) = struct_root.get(b"RoleMap").and_then(Object::as_dict) {
            for (k, v) in rm.iter() {
                self.role_map.set(k.clone(), v.clone());
            }
        }
        self.parts.extend(top.iter().map(|id| map[id]));

        let first_page = self.pages.len() + 1;
        for id in &page_ids {
            self.pages.push(map[id]);
        }
        let last_page = self.pages.len();
        self.bookmarks.push((label.to_owned(), map[&page_ids[0]]));

        let padded = self.duplex && page_ids.len() % 2 == 1;
        if padded {
            let media_box = doc
                .get_dictionary(page_ids[page_ids.len() - 1])
                .ok()
                .and_then(|p| p.get(b"MediaBox").ok().cloned())
                .unwrap_or_else(|| {
                    Object::Array(vec![0.into(), 0.into(), 595.2756.into(), 841.8898.into()])
                });
            let mut blank = Dictionary::new();
            blank.set("Type", Object::Name(b"Page".to_vec()));
            blank.set("Parent", Object::Reference((PAGES, 0)));
            blank.set("MediaBox", media_box);
            blank.set("Resources", Object::Dictionary(Dictionary::new()));
            let id = self.alloc();
            self.write_object(id, &Object::Dictionary(blank))?;
            self.pages.push(id);
        }
        Ok(Placement {
            first_page,
            last_page,
            padded,
        })
    }

    /// Writes the catalog, trees, metadata and cross-reference table.
    /// Returns the writer and the number of pages.
    pub fn finish(mut self) -> Result<(W, usize)> {
        let first = self
            .first
            .take()
            .ok_or_else(|| Error::Internal("a print file needs at least one document".into()))?;

        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Count", Object::Integer(self.pages.len() as i64));
        pages.set(
            "Kids",
            Object::Array(
                self.pages
                    .iter()
                    .map(|&p| Object::Reference((p, 0)))
                    .collect(),
            ),
        );
        self.write_object(PAGES, &Object::Dictionary(pages))?;

        // The parent tree as one flat number tree; values are written as
        // they came (references or inline arrays).
        let mut nums = Vec::with_capacity(self.parent_tree.len() * 2);
        for (k, v) in std::mem::take(&mut self.parent_tree) {
            nums.push(Object::Integer(k));
            nums.push(v);
        }
        let mut parent_tree = Dictionary::new();
        parent_tree.set("Nums", Object::Array(nums));
        let parent_tree_id = self.alloc();
        self.write_object(parent_tree_id, &Object::Dictionary(parent_tree))?;

        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
        root.set(
            "K",
            Object::Array(vec![Object::Reference((DOCUMENT_ELEM, 0))]),
        );
        root.set("ParentTree", Object::Reference((parent_tree_id, 0)));
        root.set("ParentTreeNextKey", Object::Integer(self.next_key));
        if !self.role_map.is_empty() {
            root.set(
                "RoleMap",
                Object::Dictionary(std::mem::take(&mut self.role_map)),
            );
        }
        self.write_object(STRUCT_ROOT, &Object::Dictionary(root))?;

        let mut document = Dictionary::new();
        document.set("Type", Object::Name(b"StructElem".to_vec()));
        document.set("S", Object::Name(b"Document".to_vec()));
        document.set("P", Object::Reference((STRUCT_ROOT, 0)));
        document.set(
            "K",
            Object::Array(
                self.parts
                    .iter()
                    .map(|&p| Object::Reference((p, 0)))
                    .collect(),
            ),
        );
        self.write_object(DOCUMENT_ELEM, &Object::Dictionary(document))?;

        // One bookmark per document, pointing at its first page.
        let bookmarks = std::mem::take(&mut self.bookmarks);
        let ids: Vec<u32> = bookmarks.iter().map(|_| self.alloc()).collect();
        for (i, (label, page)) in bookmarks.iter().enumerate() {
            let mut item = Dictionary::new();
            item.set("Title", text_string(label));
            item.set("Parent", Object::Reference((OUTLINES, 0)));
            item.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference((*page, 0)),
                    Object::Name(b"Fit".to_vec()),
                ]),
            );
            if i > 0 {
                item.set("Prev", Object::Reference((ids[i - 1], 0)));
            }
            if i + 1 < ids.len() {
                item.set("Next", Object::Reference((ids[i + 1], 0)));
            }
            self.write_object(ids[i], &Object::Dictionary(item))?;
        }
        let mut outlines = Dictionary::new();
        outlines.set("Type", Object::Name(b"Outlines".to_vec()));
        outlines.set("Count", Object::Integer(ids.len() as i64));
        if let (Some(f), Some(l)) = (ids.first(), ids.last()) {
            outlines.set("First", Object::Reference((*f, 0)));
            outlines.set("Last", Object::Reference((*l, 0)));
        }
        self.write_object(OUTLINES, &Object::Dictionary(outlines))?;

        // Metadata: the first document's, retitled in both places.
        let mut info = first.info;
        info.set("Title", text_string(&self.title));
        self.write_object(INFO, &Object::Dictionary(info))?;
        let xmp = retitle_xmp(&first.xmp, &self.title);
        let mut md = Dictionary::new();
        md.set("Type", Object::Name(b"Metadata".to_vec()));
        md.set("Subtype", Object::Name(b"XML".to_vec()));
        self.write_object(
            METADATA,
            &Object::Stream(Stream::new(md, xmp.into_bytes()).with_compression(false)),
        )?;

        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((PAGES, 0)));
        catalog.set("StructTreeRoot", Object::Reference((STRUCT_ROOT, 0)));
        catalog.set("Outlines", Object::Reference((OUTLINES, 0)));
        catalog.set("Metadata", Object::Reference((METADATA, 0)));
        catalog.set("OutputIntents", first.output_intents);
        if let Some(l) = first.lang {
            catalog.set("Lang", l);
        }
        let mut mark = Dictionary::new();
        mark.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mark));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
        self.write_object(CATALOG, &Object::Dictionary(catalog))?;

        let id: Vec<u8> = self.out.hasher.clone().finalize()[..16].to_vec();
        let xref = self.out.pos;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len());
        for off in &self.offsets[1..] {
            table.push_str(&format!("{off:010} 00000 n \n"));
        }
        self.out.write_all(table.as_bytes()).map_err(io)?;
        let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
        let trailer = format!(
            "trailer\n<< /Size {} /Root {CATALOG} 0 R /Info {INFO} 0 R /ID [<{hex}> <{hex}>] >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len()
        );
        self.out.write_all(trailer.as_bytes()).map_err(io)?;
        self.out.flush().map_err(io)?;
        let pages = self.pages.len();
        Ok((self.out.inner, pages))
    }

    fn alloc(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.offsets.push(0);
        id
    }

    fn write_object(&mut self, id: u32, obj: &Object) -> Result<()> {
        self.offsets[id as usize] = self.out.pos;
        let mut buf = Vec::with_capacity(256);
        writeln!(buf, "{id} 0 obj").map_err(io)?;
        serialize(&mut buf, obj);
        buf.extend_from_slice(b"\nendobj\n");
        self.out.write_all(&buf).map_err(io)
    }
}

fn first_doc(doc: &lopdf::Document, catalog: &Dictionary, name: &str) -> Result<FirstDoc> {
    let xmp = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .ok()
        .and_then(|s| {
            s.decompressed_content()
                .ok()
                .or_else(|| Some(s.content.clone()))
        })
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| invalid(name, "the document has no XMP metadata"))?;
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .cloned()
        .unwrap_or_default();
    Ok(FirstDoc {
        xmp,
        info,
        output_intents: Object::Null,
        lang: catalog.get(b"Lang").ok().cloned(),
    })
}

/// Replaces the title inside the XMP packet's `dc:title`.
fn retitle_xmp(xmp: &str, title: &str) -> String {
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let open = "<rdf:li xml:lang=\"x-default\">";
    if let Some(start) = xmp.find("<dc:title>")
        && let Some(rel) = xmp[start..].find(open)
    {
        let from = start + rel + open.len();
        if let Some(len) = xmp[from..].find("</rdf:li>") {
            return format!("{}{}{}", &xmp[..from], escaped, &xmp[from + len..]);
        }
    }
    xmp.to_owned()
}

/// Collects the (key, value) pairs of a number tree.
fn collect_nums(doc: &lopdf::Document, node: &Object, out: &mut Vec<(i64, Object)>, depth: usize) {
    if depth > 32 {
        return;
    }
    let dict = match node {
        Object::Reference(id) => match doc.get_dictionary(*id) {
            Ok(d) => d,
            Err(_) => return,
        },
        Object::Dictionary(d) => d,
        _ => return,
    };
    if let Ok(nums) = dict.get(b"Nums").and_then(Object::as_array) {
        for pair in nums.chunks(2) {
            if let [k, v] = pair
                && let Ok(k) = k.as_i64()
            {
                out.push((k, v.clone()));
            }
        }
    }
    if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
        for kid in kids {
            collect_nums(doc, kid, out, depth + 1);
        }
    }
}

/// The references directly inside an object (one level).
fn refs_in(obj: Option<&Object>) -> Vec<ObjectId> {
    let mut out = Vec::new();
    if let Some(o) = obj {
        push_refs(o, &mut out);
    }
    out
}

fn push_refs(obj: &Object, out: &mut Vec<ObjectId>) {
    match obj {
        Object::Reference(id) => out.push(*id),
        Object::Array(a) => a.iter().for_each(|o| push_refs(o, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| push_refs(o, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| push_refs(o, out)),
        _ => {}
    }
}

/// Objects reachable from `roots`, in a fixed order, not following the links
/// back up to what is rebuilt (`Parent` of pages, `P` to the structure root).
fn reachable(doc: &lopdf::Document, roots: &[ObjectId]) -> Vec<ObjectId> {
    let mut seen: BTreeMap<ObjectId, ()> = BTreeMap::new();
    let mut order = Vec::new();
    let mut stack: Vec<ObjectId> = roots.iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        if seen.insert(id, ()).is_some() {
            continue;
        }
        let Ok(obj) = doc.get_object(id) else {
            continue;
        };
        order.push(id);
        let dict = match obj {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        };
        let mut next = Vec::new();
        match dict {
            Some(d) => {
                let ty = d.get(b"Type").and_then(Object::as_name).ok();
                let is_page = ty == Some(b"Page".as_slice());
                let is_elem = ty == Some(b"StructElem".as_slice());
                for (k, v) in d.iter() {
                    let up = (is_page && k == b"Parent") || (is_elem && k == b"P");
                    if !up {
                        push_refs(v, &mut next);
                    }
                }
            }
            None => push_refs(obj, &mut next),
        }
        stack.extend(next.into_iter().rev());
    }
    order
}

/// A copy of `obj` with references renumbered through `map`.
fn remap(obj: &Object, map: &HashMap<ObjectId, u32>) -> Object {
    match obj {
        Object::Reference(id) => match map.get(id) {
            Some(n) => Object::Reference((*n, 0)),
            None => Object::Null,
        },
        Object::Array(a) => Object::Array(a.iter().map(|o| remap(o, map)).collect()),
        Object::Dictionary(d) => Object::Dictionary(remap_dict(d, map)),
        Object::Stream(s) => {
            let mut st = Stream::new(remap_dict(&s.dict, map), s.content.clone());
            st.allows_compression = false;
            Object::Stream(st)
        }
        o => o.clone(),
    }
}

fn remap_dict(d: &Dictionary, map: &HashMap<ObjectId, u32>) -> Dictionary {
    let mut out = Dictionary::new();
    for (k, v) in d.iter() {
        out.set(k.clone(), remap(v, map));
    }
    out
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as is, otherwise
/// UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), lopdf::StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    }
}

/// Serialises an object in PDF syntax. Strings are written as hex, names
/// with `#xx` escapes, streams with their raw (still encoded) content.
fn serialize(buf: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => buf.extend_from_slice(b"null"),
        Object::Boolean(b) => buf.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => buf.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            let s = if r.fract() == 0.0 && r.abs() < 1e9 {
                format!("{}", *r as i64)
            } else {
                format!("{r}")
            };
            buf.extend_from_slice(s.as_bytes());
        }
        Object::Name(n) => {
            buf.push(b'/');
            for &b in n {
                if b.is_ascii_graphic() && !b"#()<>[]{}/%".contains(&b) {
                    buf.push(b);
                } else {
                    buf.extend_from_slice(format!("#{b:02X}").as_bytes());
                }
            }
        }
        Object::String(s, _) => {
            buf.push(b'<');
            for b in s {
                buf.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            buf.push(b'>');
        }
        Object::Array(a) => {
            buf.push(b'[');
            for (i, o) in a.iter().enumerate() {
                if i > 0 {
                    buf.push(b' ');
                }
                serialize(buf, o);
            }
            buf.push(b']');
        }
        Object::Dictionary(d) => serialize_dict(buf, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            serialize_dict(buf, &dict);
            buf.extend_from_slice(b"\nstream\n");
            buf.extend_from_slice(&s.content);
            // Data that ends in CR gets CR LF before `endstream`, so the
            // end-of-line marker cannot be read as including that CR
            // (see `stream_ends`).
            if s.content.ends_with(b"\r") {
                buf.extend_from_slice(b"\r\nendstream");
            } else {
                buf.extend_from_slice(b"\nendstream");
            }
        }
        Object::Reference((n, g)) => buf.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

fn serialize_dict(buf: &mut Vec<u8>, d: &Dictionary) {
    buf.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        buf.push(b' ');
        serialize(buf, &Object::Name(k.clone()));
        buf.push(b' ');
        serialize(buf, v);
    }
    buf.extend_from_slice(b" >>");
}

fn invalid(name: &str, msg: &str) -> Error {
    Error::one(
        Diagnostic::error(
            Code::Output,
            format!("cannot add this PDF to the print file: {msg}"),
        )
        .in_file(name)
        .hint("render the document again; the print file takes PDFs made by saksdok"),
    )
}

fn io(e: std::io::Error) -> Error {
    Error::one(
        Diagnostic::error(Code::Output, format!("unable to write the print file: {e}"))
            .hint("check free disk space and permissions"),
    )
}

/// Counts bytes and hashes them on the way to the inner writer.
struct HashingWriter<W> {
    inner: W,
    pos: u64,
    hasher: sha2::Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            pos: 0,
            hasher: sha2::Sha256::new(),
        }
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.pos += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
