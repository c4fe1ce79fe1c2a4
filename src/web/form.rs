//! Forms built from the JSON Schema of the case model: every section of the
//! case file gets a form, and a new section (a new document kind) gets its
//! form from its schema without UI code. Only the labels are data of their
//! own (`labels.yaml`).
//!
//! A field's HTML name is its path in the case file in the library's
//! diagnostic notation (`tiltaksplan.maal[1].frist`), so a problem the
//! library reports for a field is shown beside that field. A present group
//! or list item carries a hidden marker with its own path, so an empty
//! item that was added survives the round trip (and is reported as
//! missing its fields, beside them).

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::cases::Problem;

/// The labels of the form (`labels.yaml`).
#[derive(Debug, Default, Deserialize)]
struct Labels {
    /// A field's label by key, or by `Type.key`.
    felt: HashMap<String, String>,
    /// The label of a fixed value.
    verdier: HashMap<String, String>,
    /// Keys that get a text area.
    lang: Vec<String>,
}

/// The form builder over the case schema.
#[derive(Debug)]
pub struct Forms {
    schema: Value,
    labels: Labels,
}

/// One thing on the form: a group of fields (`group`), a list (`list`), an
/// item of a list (`item`) or a field (`field`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Node {
    pub kind: &'static str,
    /// The path in the case file; the HTML name of a field.
    pub name: String,
    /// The HTML id (`f-` and the path with every other character as `-`).
    pub id: String,
    pub label: String,
    /// A group that may be left out of the case file.
    pub optional: bool,
    /// Whether the group is in the case file.
    pub present: bool,
    pub required: bool,
    /// The input: `text`, `textarea`, `date`, `number` or `select`.
    pub input: &'static str,
    pub value: String,
    pub options: Vec<Choice>,
    pub problems: Vec<Problem>,
    /// The value the file on disk has now, when it differs from this one
    /// (after a refused save because someone else saved first).
    pub on_disk: Option<String>,
    pub children: Vec<Node>,
    /// The first field of what was just added.
    pub autofocus: bool,
    /// How deep it is (for the heading level of a group).
    pub depth: usize,
    /// A section shown open: it or something in it has a problem, a value
    /// saved by someone else, or what was just added.
    pub open: bool,
}

impl Node {
    /// Marks every node that holds a problem, a differing saved value or
    /// the focus as open; returns whether `self` is.
    fn mark_open(&mut self) -> bool {
        let mut open = !self.problems.is_empty() || self.on_disk.is_some() || self.autofocus;
        for c in &mut self.children {
            open |= c.mark_open();
        }
        self.open = open;
        open
    }
}

/// A choice of a select.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A change of the form's shape, asked for by one of its buttons
/// (`_handling`): add a list item or an optional group, or remove one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Add(String),
    Remove(String),
}

impl Action {
    /// `legg_til:PATH` or `fjern:PATH`.
    pub fn parse(s: &str) -> Option<Self> {
        if let Some(p) = s.strip_prefix("legg_til:") {
            return Some(Self::Add(p.to_owned()));
        }
        s.strip_prefix("fjern:").map(|p| Self::Remove(p.to_owned()))
    }
}

/// The shape of a schema.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Object,
    Array,
    Text,
    Date,
    Choice(Vec<String>),
    Integer,
    Boolean,
}

/// A schema with every `$ref` and `anyOf [X, null]` followed.
struct Resolved<'a> {
    schema: &'a Value,
    /// The `$defs` name it came from.
    def: Option<&'a str>,
    nullable: bool,
    /// `x-ref`: a staff id (`ansatt`) or a person in the case (`person`).
    reference: Option<&'a str>,
}

/// What the form is built with besides the schema.
pub struct Context<'a> {
    /// The case's staff: id and how they are shown.
    pub staff: Vec<(String, String)>,
    /// Whether the case has a guardian.
    pub has_guardian: bool,
    pub problems: &'a [Problem],
    /// What the file on disk has now, by field path (after a conflict).
    pub on_disk: Option<&'a HashMap<String, String>>,
    /// The path of what was just added (its first field gets focus).
    pub focus: Option<&'a str>,
}

/// A path segment.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// `a.b[2].c` as segments.
fn segments(path: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return None;
        }
        out.push(Seg::Key(key.to_owned()));
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Seg::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The HTML id of a path.
pub fn html_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id
}

fn child_name(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// A value as a field shows it.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "ja".to_owned(),
        Some(Value::Bool(false)) => "nei".to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

impl Default for Forms {
    fn default() -> Self {
        Self::new()
    }
}

impl Forms {
    /// The builder over the case schema and the bundled labels.
    pub fn new() -> Self {
        Self {
            schema: crate::case::case_schema(),
            labels: serde_saphyr::from_str(include_str!("labels.yaml")).unwrap_or_default(),
        }
    }

    fn resolve<'a>(&'a self, s: &'a Value) -> Resolved<'a> {
        let mut r = Resolved {
            schema: s,
            def: None,
            nullable: false,
            reference: s.get("x-ref").and_then(Value::as_str),
        };
        for _ in 0..16 {
            let cur = r.schema;
            if let Some(name) = cur
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|p| p.strip_prefix("#/$defs/"))
            {
                r.def = Some(name);
                r.schema = &self.schema["$defs"][name];
                continue;
            }
            if let Some(alts) = cur.get("anyOf").and_then(Value::as_array) {
                let non_null: Vec<&Value> = alts
                    .iter()
                    .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                if non_null.len() == 1 {
                    r.nullable = true;
                    r.schema = non_null[0];
                    continue;
                }
            }
            break;
        }
        if r.reference.is_none() {
            r.reference = r.schema.get("x-ref").and_then(Value::as_str);
        }
        if let Some(types) = r.schema.get("type").and_then(Value::as_array)
            && types.iter().any(|t| t == "null")
        {
            r.nullable = true;
        }
        r
    }

    fn shape(r: &Resolved) -> Shape {
        let s = r.schema;
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            return Shape::Choice(
                values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            );
        }
        let ty = match s.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("string"),
            _ => "string",
        };
        match ty {
            "object" => Shape::Object,
            "array" => Shape::Array,
            "integer" | "number" => Shape::Integer,
            "boolean" => Shape::Boolean,
            _ if r.def == Some("Date")
                || s.get("pattern")
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.contains("[0-9]{4}-[0-9]{2}-[0-9]{2}")) =>
            {
                Shape::Date
            }
            _ => Shape::Text,
        }
    }

    fn label(&self, parent_def: Option<&str>, key: &str) -> String {
        parent_def
            .and_then(|d| self.labels.felt.get(&format!("{d}.{key}")))
            .or_else(|| self.labels.felt.get(key))
            .cloned()
            .unwrap_or_else(|| key.replace('_', " "))
    }

    fn value_label(&self, v: &str) -> String {
        self.labels
            .verdier
            .get(v)
            .cloned()
            .unwrap_or_else(|| v.replace('_', " "))
    }

    /// The keys of the case schema without a label of their own, as
    /// `Type.key` (for the test that keeps the labels complete).
    #[cfg(test)]
    pub fn unlabelled(&self) -> Vec<String> {
        let mut out = BTreeSet::new();
        let mut visit = |def: &str, s: &Value| {
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for k in props.keys() {
                    if !self.labels.felt.contains_key(k)
                        && !self.labels.felt.contains_key(&format!("{def}.{k}"))
                    {
                        out.insert(format!("{def}.{k}"));
                    }
                }
            }
        };
        visit("", &self.schema);
        if let Some(defs) = self.schema.get("$defs").and_then(Value::as_object) {
            for (name, s) in defs {
                visit(name, s);
            }
        }
        out.into_iter().collect()
    }

    /// The form of the case `value` (the case file as JSON), with the
    /// problems beside their fields.
    pub fn build(&self, value: &Value, ctx: &Context) -> Vec<Node> {
        let root = self.resolve(&self.schema);
        let mut b = Build {
            ctx,
            focus_pending: false,
        };
        let mut nodes = self.object_children(&root, "", Some(value), 0, &mut b);
        for n in &mut nodes {
            n.mark_open();
        }
        nodes
    }

    fn object_children(
        &self,
        r: &Resolved,
        name: &str,
        value: Option<&Value>,
        depth: usize,
        b: &mut Build,
    ) -> Vec<Node> {
        let required: Vec<&str> = r
            .schema
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = r.schema.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        props
            .iter()
            .map(|(key, ps)| {
                let child = child_name(name, key);
                let label = self.label(r.def, key);
                self.node(
                    ps,
                    &child,
                    label,
                    value.and_then(|v| v.get(key)),
                    required.contains(&key.as_str()),
                    depth,
                    b,
                )
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn node(
        &self,
        schema: &Value,
        name: &str,
        label: String,
        value: Option<&Value>,
        required: bool,
        depth: usize,
        b: &mut Build,
    ) -> Node {
        let r = self.resolve(schema);
        let shape = Self::shape(&r);
        if b.ctx.focus == Some(name) {
            b.focus_pending = true;
        }
        let mut node = Node {
            name: name.to_owned(),
            id: html_id(name),
            label,
            required,
            depth,
            problems: b.problems_at(name),
            ..Node::default()
        };
        let value = value.filter(|v| !v.is_null());
        match shape {
            Shape::Object => {
                node.kind = "group";
                node.optional = !required || r.nullable;
                node.present = value.is_some() || !node.optional;
                if node.present {
                    node.children = self.object_children(&r, name, value, depth + 1, b);
                }
            }
            Shape::Array => {
                node.kind = "list";
                let items = r.schema.get("items").unwrap_or(&Value::Null);
                let item_ref = r.reference;
                let elems = value.and_then(Value::as_array).cloned().unwrap_or_default();
                for (i, e) in elems.iter().enumerate() {
                    let item_name = format!("{name}[{i}]");
                    if b.ctx.focus == Some(item_name.as_str()) {
                        b.focus_pending = true;
                    }
                    let item_label = format!("{} {}", node.label, i + 1);
                    let mut inner = self.node(
                        items,
                        &item_name,
                        item_label.clone(),
                        Some(e),
                        true,
                        depth + 1,
                        b,
                    );
                    if let (Some(kind), "field") = (item_ref, inner.kind) {
                        self.reference_choices(&mut inner, kind, b.ctx);
                    }
                    let item = if inner.kind == "group" {
                        inner.kind = "item";
                        inner.optional = false;
                        inner
                    } else {
                        // A scalar item: the field inside an item that can
                        // be removed.
                        Node {
                            kind: "item",
                            name: item_name.clone(),
                            id: html_id(&format!("{item_name}-punkt")),
                            label: item_label,
                            present: true,
                            depth: depth + 1,
                            children: vec![inner],
                            ..Node::default()
                        }
                    };
                    node.children.push(item);
                }
            }
            Shape::Text | Shape::Date | Shape::Integer | Shape::Boolean | Shape::Choice(_) => {
                node.kind = "field";
                node.value = shown(value);
                node.autofocus = std::mem::take(&mut b.focus_pending);
                // After a refused save: what the file on disk has now, where
                // it differs (empty when the other version has nothing).
                if let Some(disk) = b.ctx.on_disk {
                    match disk.get(name) {
                        Some(d) if *d != node.value => node.on_disk = Some(d.clone()),
                        None if !node.value.is_empty() => node.on_disk = Some(String::new()),
                        _ => {}
                    }
                }
                let key = name.rsplit('.').next().unwrap_or(name);
                let key = key.split('[').next().unwrap_or(key);
                match shape {
                    Shape::Date => {
                        // A date input holds ISO dates only; a value it
                        // cannot show is kept in a text field.
                        match crate::norsk::parse_date(&node.value) {
                            Some(d) => {
                                node.input = "date";
                                node.value = d.format("%Y-%m-%d").to_string();
                            }
                            None if node.value.is_empty() => node.input = "date",
                            None => node.input = "text",
                        }
                    }
                    Shape::Integer => node.input = "number",
                    Shape::Boolean => {
                        node.input = "select";
                        node.options = ["ja", "nei"]
                            .iter()
                            .map(|v| Choice {
                                value: (*v).to_owned(),
                                label: (*v).to_owned(),
                                selected: node.value == *v,
                            })
                            .collect();
                        self.blank_choice(&mut node);
                    }
                    Shape::Choice(values) => {
                        node.input = "select";
                        node.options = values
                            .iter()
                            .map(|v| Choice {
                                value: v.clone(),
                                label: self.value_label(v),
                                selected: node.value == *v,
                            })
                            .collect();
                        self.blank_choice(&mut node);
                    }
                    _ => {
                        node.input = if self.labels.lang.iter().any(|k| k == key)
                            || node.value.contains('\n')
                            || node.value.chars().count() > 80
                        {
                            "textarea"
                        } else {
                            "text"
                        };
                    }
                }
                if let Some(kind) = r.reference {
                    self.reference_choices(&mut node, kind, b.ctx);
                }
            }
        }
        node
    }

    /// A leading empty choice («velg»), and the current value when it is
    /// none of the choices (so it is kept, and its problem shown).
    fn blank_choice(&self, node: &mut Node) {
        if !node.value.is_empty() && !node.options.iter().any(|o| o.selected) {
            node.options.push(Choice {
                value: node.value.clone(),
                label: format!("{} (ukjent)", node.value),
                selected: true,
            });
        }
        node.options.insert(
            0,
            Choice {
                value: String::new(),
                label: "– velg –".to_owned(),
                selected: node.value.is_empty(),
            },
        );
    }

    /// A staff reference (`ansatt`) or a person in the case (`person`) as a
    /// choice of the case's staff (and the youth and the guardian).
    fn reference_choices(&self, node: &mut Node, kind: &str, ctx: &Context) {
        node.input = "select";
        let mut options = Vec::new();
        if kind == "person" {
            options.push(("ungdom".to_owned(), "ungdommen".to_owned()));
            if ctx.has_guardian {
                options.push(("verge".to_owned(), "vergen".to_owned()));
            }
        }
        options.extend(ctx.staff.iter().cloned());
        node.options = options
            .into_iter()
            .map(|(value, label)| Choice {
                selected: node.value == value,
                value,
                label,
            })
            .collect();
        self.blank_choice(node);
    }

    /// The case file as JSON from a submitted form: every field by its
    /// path, empty fields left out, numbers and yes/no as such (a number
    /// that is not one is kept as text for the library to report).
    pub fn parse(&self, pairs: &[(String, String)]) -> Value {
        let map: HashMap<&str, &str> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        let root = self.resolve(&self.schema);
        self.collect_object(&root, "", &map, &names)
            .unwrap_or(Value::Object(Map::new()))
    }

    fn collect_object(
        &self,
        r: &Resolved,
        name: &str,
        map: &HashMap<&str, &str>,
        names: &[&str],
    ) -> Option<Value> {
        let mut out = Map::new();
        if let Some(props) = r.schema.get("properties").and_then(Value::as_object) {
            for (key, ps) in props {
                let child = child_name(name, key);
                if let Some(v) = self.collect(ps, &child, map, names) {
                    out.insert(key.clone(), v);
                }
            }
        }
        (name.is_empty() || !out.is_empty() || map.contains_key(name)).then_some(Value::Object(out))
    }

    fn collect(
        &self,
        schema: &Value,
        name: &str,
        map: &HashMap<&str, &str>,
        names: &[&str],
    ) -> Option<Value> {
        let r = self.resolve(schema);
        match Self::shape(&r) {
            Shape::Object => self.collect_object(&r, name, map, names),
            Shape::Array => {
                let items = r.schema.get("items").unwrap_or(&Value::Null);
                let prefix = format!("{name}[");
                let indices: BTreeSet<usize> = names
                    .iter()
                    .filter_map(|n| n.strip_prefix(&prefix))
                    .filter_map(|rest| rest.split(']').next()?.parse().ok())
                    .collect();
                let elems: Vec<Value> = indices
                    .into_iter()
                    .filter_map(|i| self.collect(items, &format!("{name}[{i}]"), map, names))
                    .collect();
                (!elems.is_empty()).then_some(Value::Array(elems))
            }
            shape => {
                let raw = map.get(name)?.replace("\r\n", "\n");
                let text = raw.trim();
                if text.is_empty() {
                    return None;
                }
                Some(match shape {
                    Shape::Integer => text
                        .parse::<i64>()
                        .map(Value::from)
                        .unwrap_or_else(|_| Value::String(text.to_owned())),
                    Shape::Boolean => match text {
                        "ja" => Value::Bool(true),
                        "nei" => Value::Bool(false),
                        other => Value::String(other.to_owned()),
                    },
                    _ => Value::String(text.to_owned()),
                })
            }
        }
    }

    /// Applies a change of shape to the case `value`: adds an empty item to
    /// a list or an empty optional group, or removes one. A path the schema
    /// does not know changes nothing.
    pub fn apply(&self, value: &mut Value, action: &Action) -> bool {
        let (path, add) = match action {
            Action::Add(p) => (p, true),
            Action::Remove(p) => (p, false),
        };
        let Some(segs) = segments(path) else {
            return false;
        };
        // The schema at the path, to know what an empty one is.
        let mut schema = &self.schema;
        for seg in &segs {
            let r = self.resolve(schema);
            schema = match seg {
                Seg::Key(k) => match r.schema.get("properties").and_then(|p| p.get(k)) {
                    Some(s) => s,
                    None => return false,
                },
                Seg::Index(_) => match r.schema.get("items") {
                    Some(s) => s,
                    None => return false,
                },
            };
        }
        let (last, parents) = match segs.split_last() {
            Some(x) => x,
            None => return false,
        };
        let mut cur = value;
        for seg in parents {
            cur = match seg {
                Seg::Key(k) => {
                    if !cur.is_object() {
                        *cur = Value::Object(Map::new());
                    }
                    let Some(obj) = cur.as_object_mut() else {
                        return false;
                    };
                    obj.entry(k.clone()).or_insert(Value::Object(Map::new()))
                }
                Seg::Index(i) => match cur.get_mut(*i) {
                    Some(v) => v,
                    None => return false,
                },
            };
        }
        let r = self.resolve(schema);
        let empty = |s: &Value| match Self::shape(&self.resolve(s)) {
            Shape::Object => Value::Object(Map::new()),
            _ => Value::String(String::new()),
        };
        match (last, add) {
            (Seg::Key(k), true) => {
                let Some(obj) = cur.as_object_mut() else {
                    return false;
                };
                match Self::shape(&r) {
                    Shape::Array => {
                        let item = empty(r.schema.get("items").unwrap_or(&Value::Null));
                        let list = obj.entry(k.clone()).or_insert(Value::Array(Vec::new()));
                        if !list.is_array() {
                            *list = Value::Array(Vec::new());
                        }
                        if let Some(a) = list.as_array_mut() {
                            a.push(item);
                        }
                    }
                    Shape::Object => {
                        let slot = obj.entry(k.clone()).or_insert(Value::Null);
                        if !slot.is_object() {
                            *slot = Value::Object(Map::new());
                        }
                    }
                    _ => return false,
                }
                true
            }
            (Seg::Key(k), false) => cur.as_object_mut().is_some_and(|o| o.remove(k).is_some()),
            (Seg::Index(i), false) => match cur.as_array_mut() {
                Some(a) if *i < a.len() => {
                    a.remove(*i);
                    true
                }
                _ => false,
            },
            (Seg::Index(_), true) => false,
        }
    }
}

/// The state of one build.
struct Build<'a> {
    ctx: &'a Context<'a>,
    /// The next field gets focus.
    focus_pending: bool,
}

impl Build<'_> {
    fn problems_at(&self, name: &str) -> Vec<Problem> {
        self.ctx
            .problems
            .iter()
            .filter(|p| p.field.as_deref() == Some(name))
            .cloned()
            .collect()
    }
}

/// Every field's value as a page shows it, by path (to compare two
/// versions of a case).
pub fn flatten(value: &Value) -> HashMap<String, String> {
    fn walk(v: &Value, path: &str, out: &mut HashMap<String, String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    walk(v, &child_name(path, k), out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"), out);
                }
            }
            Value::Null => {}
            other => {
                let s = shown(Some(other));
                // Dates compare as the form shows them.
                let s = crate::norsk::parse_date(&s)
                    .filter(|_| s.contains('.'))
                    .map_or(s, |d| d.format("%Y-%m-%d").to_string());
                out.insert(path.to_owned(), s);
            }
        }
    }
    let mut out = HashMap::new();
    walk(value, "", &mut out);
    out
}

/// The label of every node, by path (to tell which problems have a field
/// on the form, and to name it).
pub fn names(nodes: &[Node]) -> HashMap<String, String> {
    fn walk(nodes: &[Node], out: &mut HashMap<String, String>) {
        for n in nodes {
            out.insert(n.name.clone(), n.label.clone());
            walk(&n.children, out);
        }
    }
    let mut out = HashMap::new();
    walk(nodes, &mut out);
    out
}

/// `new` with its keys in the order `old` has them (the file as the
/// person who wrote it ordered it); keys `old` lacks come after, in the
/// schema's order.
pub fn keep_order(new: Value, old: &Value) -> Value {
    match (new, old) {
        (Value::Object(mut n), Value::Object(o)) => {
            let mut out = Map::new();
            for (k, ov) in o {
                if let Some(nv) = n.shift_remove(k) {
                    out.insert(k.clone(), keep_order(nv, ov));
                }
            }
            for (k, nv) in n {
                out.insert(k, nv);
            }
            Value::Object(out)
        }
        (Value::Array(n), Value::Array(o)) => Value::Array(
            n.into_iter()
                .enumerate()
                .map(|(i, nv)| match o.get(i) {
                    Some(ov) => keep_order(nv, ov),
                    None => nv,
                })
                .collect(),
        ),
        (n, _) => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(
            segments("tiltaksplan.maal[1].frist"),
            Some(vec![
                Seg::Key("tiltaksplan".into()),
                Seg::Key("maal".into()),
                Seg::Index(1),
                Seg::Key("frist".into())
            ])
        );
        assert_eq!(segments("a..b"), None);
        assert_eq!(segments("a[x]"), None);
        assert_eq!(segments("a[1]b"), None);
    }

    #[test]
    fn every_field_of_the_case_schema_has_a_label() {
        let forms = Forms::new();
        assert!(!forms.labels.felt.is_empty(), "labels.yaml did not parse");
        assert_eq!(forms.unlabelled(), Vec::<String>::new());
    }

    #[test]
    fn a_form_round_trips_a_case() {
        let forms = Forms::new();
        let yaml = std::fs::read("samples/saker/asker-yonas.yaml").unwrap();
        let value: Value = serde_saphyr::from_slice(&yaml).unwrap();
        let ctx = Context {
            staff: vec![],
            has_guardian: true,
            problems: &[],
            on_disk: None,
            focus: None,
        };
        let nodes = forms.build(&value, &ctx);
        let mut pairs = Vec::new();
        fn submit(nodes: &[Node], pairs: &mut Vec<(String, String)>) {
            for n in nodes {
                match n.kind {
                    "field" => pairs.push((n.name.clone(), n.value.clone())),
                    "group" | "item" if n.present => {
                        pairs.push((n.name.clone(), String::new()));
                        submit(&n.children, pairs);
                    }
                    _ => submit(&n.children, pairs),
                }
            }
        }
        submit(&nodes, &mut pairs);
        let back = forms.parse(&pairs);
        assert_eq!(flatten(&back), flatten(&value));
    }

    #[test]
    fn actions_add_and_remove_items_and_groups() {
        let forms = Forms::new();
        let mut v = serde_json::json!({"tiltaksplan": {"maal": [{"id": "g1"}]}});
        assert!(forms.apply(&mut v, &Action::Add("tiltaksplan.maal".into())));
        assert_eq!(v["tiltaksplan"]["maal"].as_array().unwrap().len(), 2);
        assert!(forms.apply(&mut v, &Action::Remove("tiltaksplan.maal[0]".into())));
        assert_eq!(v["tiltaksplan"]["maal"][0], serde_json::json!({}));
        assert!(forms.apply(&mut v, &Action::Add("evaluering".into())));
        assert!(v["evaluering"].is_object());
        assert!(forms.apply(&mut v, &Action::Remove("evaluering".into())));
        assert!(v.get("evaluering").is_none());
        assert!(!forms.apply(&mut v, &Action::Add("finnes_ikke".into())));
        assert!(!forms.apply(&mut v, &Action::Add("../x".into())));
    }
}
