//! Builds the template context of one document from a validated case and
//! profile: the data as written plus derived values (names, formatted
//! addresses, resolved staff references, the document date). Pure.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use minijinja::value::{Serde, Value};

fn ser<T: serde::Serialize>(v: T) -> Value {
    Value::from(Serde(v))
}

use crate::case::model::{Address, Staff};
use crate::case::{Case, Municipality};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::DocumentKind;
use crate::error::{Error, Result};
use crate::norsk;

/// A recipient of a letter, as the address block prints it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Recipient {
    /// Name on the first line.
    pub navn: String,
    /// The role in the case (`ungdom`, `verge`).
    pub rolle: String,
    /// The address lines under the name; the last line is «postnr POSTSTED».
    pub linjer: Vec<String>,
}

/// The address block of a party (`ungdom` or `verge`). A protected address
/// (fortrolig / strengt fortrolig) is never printed: the letter goes to the
/// profile's delivery address for such cases instead.
pub fn party_recipient(case: &Case, muni: &Municipality, who: &str) -> Result<Recipient> {
    let f = &case.file;
    let caps = muni.profile.poststed_versaler;
    let (navn, address, protection) = match (who, &f.verge) {
        ("verge", Some(v)) => (
            v.navn.value.clone(),
            &v.adresse,
            v.adressebeskyttelse.as_ref(),
        ),
        _ => (
            format!("{} {}", f.ungdom.fornavn.value, f.ungdom.etternavn.value),
            &f.ungdom.adresse,
            f.ungdom.adressebeskyttelse.as_ref(),
        ),
    };
    let linjer = if crate::case::is_protected(protection) {
        let delivery = muni.profile.adresse_ved_adressebeskyttelse.as_ref().ok_or_else(|| {
            Error::one(
                Diagnostic::error(Code::MissingProfileData, format!(
                    "{who} has a protected address, and the profile gives no delivery address for such letters"
                ))
                .in_file(muni.source.clone())
                .field("adresse_ved_adressebeskyttelse")
                .hint("add `adresse_ved_adressebeskyttelse:` to the profile (the service forwards the letter); the protected address is never printed"),
            )
        })?;
        address_lines(delivery, caps)
    } else {
        address_lines(address, caps)
    };
    let rolle = if who == "verge" { "verge" } else { "ungdom" };
    Ok(Recipient {
        navn,
        rolle: rolle.to_owned(),
        linjer,
    })
}

/// Builds one context per document to write: one per recipient for a
/// følgebrev (the file-name suffix is the recipient's role), one for every
/// other kind.
/// `checklist` names the list of a sjekkliste (already checked to exist).
pub fn build_all(
    case: &Case,
    muni: &Municipality,
    kind: DocumentKind,
    date: NaiveDate,
    checklist: Option<&str>,
) -> Result<Vec<(Option<String>, Value)>> {
    if kind == DocumentKind::Sjekkliste {
        let base = build(case, muni, kind, date)?;
        let list = checklist.unwrap_or_default();
        return Ok(vec![(
            Some(list.to_owned()),
            with_value(&base, "liste", Value::from(list)),
        )]);
    }
    if kind != DocumentKind::Folgebrev {
        return Ok(vec![(None, build(case, muni, kind, date)?)]);
    }
    let base = build(case, muni, kind, date)?;
    let fb = case
        .file
        .folgebrev
        .as_ref()
        .ok_or_else(|| required(case, "folgebrev", kind))?;
    let mut out = vec![(
        Some("ungdom".to_owned()),
        with_value(
            &base,
            "mottaker",
            ser(party_recipient(case, muni, "ungdom")?),
        ),
    )];
    let caps = muni.profile.poststed_versaler;
    let mut outside = 0;
    for k in &fb.kopi_til {
        let (suffix, recipient) = match (&k.person, &k.navn, &k.adresse) {
            (Some(_), _, _) => ("verge".to_owned(), party_recipient(case, muni, "verge")?),
            (None, Some(n), Some(a)) => {
                outside += 1;
                (
                    format!("kopi-{outside}"),
                    Recipient {
                        navn: n.value.clone(),
                        rolle: String::new(),
                        linjer: address_lines(a, caps),
                    },
                )
            }
            _ => continue,
        };
        out.push((Some(suffix), with_value(&base, "mottaker", ser(&recipient))));
    }
    Ok(out)
}

/// `base` with `key` set to `value`.
pub fn with_value(base: &Value, key: &str, value: Value) -> Value {
    let mut map: BTreeMap<String, Value> = BTreeMap::new();
    if let Ok(keys) = base.try_iter() {
        for k in keys {
            if let Ok(v) = base.get_item(&k) {
                map.insert(k.to_string(), v);
            }
        }
    }
    map.insert(key.to_owned(), value);
    Value::from_pairs(map)
}

/// Formats an address as lines, postcode and post town on the last line.
pub fn address_lines(a: &Address, capitals: bool) -> Vec<String> {
    let mut lines = vec![a.linje1.value.clone()];
    if let Some(l2) = &a.linje2 {
        lines.push(l2.value.clone());
    }
    let town = if capitals {
        a.poststed.to_uppercase()
    } else {
        a.poststed.value.clone()
    };
    lines.push(format!("{} {}", a.postnr.value, town));
    lines
}

/// The municipality's short name: «Asker kommune» → «Asker».
pub fn short_name(kommune: &str) -> &str {
    kommune
        .strip_suffix(" kommune")
        .or_else(|| kommune.strip_suffix("\u{a0}kommune"))
        .unwrap_or(kommune)
}

fn staff<'a>(case: &'a Case, id: &str) -> Option<&'a Staff> {
    case.file.ansatte.iter().find(|s| s.id.as_str() == id)
}

/// Builds the context for `kind`. `date` is the document date already
/// resolved from `--date` or the case.
pub fn build(
    case: &Case,
    muni: &Municipality,
    kind: DocumentKind,
    date: NaiveDate,
) -> Result<Value> {
    let f = &case.file;
    let p = &muni.profile;
    let caps = p.poststed_versaler;
    let mut ctx: BTreeMap<&str, Value> = BTreeMap::new();

    ctx.insert("malform", Value::from(muni.malform.code()));
    ctx.insert(
        "saksnummer",
        Value::from(case.file.saksnummer.value.clone()),
    );
    ctx.insert("nn", Value::from(muni.malform == norsk::Malform::Nynorsk));
    ctx.insert("dato", Value::from(date.format("%Y-%m-%d").to_string()));
    ctx.insert(
        "dato_ymd",
        Value::from(vec![
            i64::from(date.year()),
            i64::from(date.month()),
            i64::from(date.day()),
        ]),
    );
    ctx.insert("dokumentart", Value::from(kind.name()));

    let mut kommune: BTreeMap<&str, Value> = BTreeMap::new();
    kommune.insert("navn", Value::from(p.kommune.value.clone()));
    kommune.insert("kortnavn", Value::from(short_name(&p.kommune).to_owned()));
    kommune.insert("enhet", Value::from(p.enhet.value.clone()));
    if let Some(a) = &p.avdeling {
        kommune.insert("avdeling", Value::from(a.value.clone()));
    }
    kommune.insert(
        "postadresse",
        Value::from(address_lines(&p.postadresse, false)),
    );
    kommune.insert(
        "besoksadresse",
        Value::from(address_lines(&p.besoksadresse, false)),
    );
    kommune.insert("telefon", Value::from(p.telefon.value.clone()));
    kommune.insert("epost", Value::from(p.epost.value.clone()));
    if let Some(w) = &p.nettside {
        kommune.insert("nettside", Value::from(w.value.clone()));
    }
    kommune.insert(
        "org_nr",
        Value::from(crate::case::ids::format_org_nr(&muni.org_nr)),
    );
    kommune.insert(
        "merking",
        Value::from(p.taushetsplikt.merking.value.clone()),
    );
    kommune.insert(
        "hjemmel",
        Value::from(p.taushetsplikt.hjemmel.value.clone()),
    );
    kommune.insert("nodnumre", ser(&p.nodnumre));
    kommune.insert(
        "faste_tilbud",
        Value::from(
            p.faste_tilbud
                .iter()
                .map(|o| {
                    let text = if muni.malform == norsk::Malform::Nynorsk {
                        &o.nn
                    } else {
                        &o.nb
                    };
                    Value::from(text.value.clone())
                })
                .collect::<Vec<_>>(),
        ),
    );
    ctx.insert("kommune", Value::from_pairs(kommune));

    let y = &f.ungdom;
    let mut ungdom: BTreeMap<&str, Value> = BTreeMap::new();
    ungdom.insert("fornavn", Value::from(y.fornavn.value.clone()));
    ungdom.insert("etternavn", Value::from(y.etternavn.value.clone()));
    ungdom.insert(
        "navn",
        Value::from(format!("{} {}", y.fornavn.value, y.etternavn.value)),
    );
    if let Some(n) = &y.navn_originalskrift {
        ungdom.insert("navn_originalskrift", Value::from(n.value.clone()));
    }
    ungdom.insert(
        "fodselsdato",
        Value::from(case.birth_date.format("%Y-%m-%d").to_string()),
    );
    ungdom.insert("alder", Value::from(norsk::age_on(case.birth_date, date)));
    ungdom.insert("sprak", ser(&y.sprak));
    ungdom.insert("tolk", Value::from(y.sprak.iter().any(|l| l.tolk)));
    // A protected address never enters the context, so no template can
    // print it.
    if !crate::case::is_protected(y.adressebeskyttelse.as_ref()) {
        ungdom.insert("adresse", Value::from(address_lines(&y.adresse, caps)));
    }
    if let Some(l) = &y.fritid {
        ungdom.insert("fritid", ser(l));
    }
    ctx.insert("ungdom", Value::from_pairs(ungdom));

    if let Some(v) = &f.verge {
        ctx.insert("verge", ser(v));
    }
    let ansatte: BTreeMap<String, &Staff> =
        f.ansatte.iter().map(|s| (s.id.value.clone(), s)).collect();
    ctx.insert("ansatte", ser(&ansatte));
    let lookup = |id: &str| staff(case, id).map(ser).unwrap_or_default();
    ctx.insert("saerkontakt", lookup(&f.saerkontakt));
    ctx.insert("saksbehandler", lookup(&f.saksbehandler));
    if let Some(b) = &f.bosetting {
        let mut bo: BTreeMap<&str, Value> = BTreeMap::new();
        bo.insert("dato", Value::from(b.dato.value.clone()));
        bo.insert("navn", Value::from(b.bofellesskap.navn.value.clone()));
        bo.insert(
            "adresse",
            Value::from(address_lines(&b.bofellesskap.adresse, false)),
        );
        if let Some(t) = &b.bofellesskap.telefon {
            bo.insert("telefon", Value::from(t.value.clone()));
        }
        ctx.insert("bosetting", Value::from_pairs(bo));
    }

    match kind {
        DocumentKind::Velkomstbrev => velkomstbrev(case, muni, &mut ctx)?,
        DocumentKind::Tiltaksplan => tiltaksplan(case, muni, date, &mut ctx)?,
        DocumentKind::Evaluering => evaluering(case, muni, date, &mut ctx)?,
        DocumentKind::Folgebrev => folgebrev(case, muni, date, &mut ctx)?,
        DocumentKind::Sjekkliste => {}
        DocumentKind::Askerguiden | DocumentKind::AskerguidenStatus => {
            askerguiden(case, muni, kind, &mut ctx)?;
        }
        DocumentKind::Utflyttingsplan => utflyttingsplan(case, muni, date, &mut ctx)?,
        DocumentKind::Praksisavtale | DocumentKind::Praksisattest => {
            arbeidspraksis(case, muni, kind, &mut ctx)?;
        }
        DocumentKind::Samarbeidsavtale => samarbeidsavtale(case, muni, &mut ctx)?,
    }
    Ok(Value::from_pairs(ctx))
}

fn velkomstbrev(case: &Case, muni: &Municipality, ctx: &mut BTreeMap<&str, Value>) -> Result<()> {
    let f = &case.file;
    let v = f
        .velkomstbrev
        .as_ref()
        .ok_or_else(|| required(case, "velkomstbrev", DocumentKind::Velkomstbrev))?;
    if f.bosetting.is_none() {
        return Err(required(case, "bosetting", DocumentKind::Velkomstbrev));
    }
    ctx.insert("velkomstbrev", ser(v));
    let mottaker = party_recipient(case, muni, "ungdom")?;
    ctx.insert("mottaker", ser(&mottaker));
    let mut kopi = Vec::new();
    if v.kopi_til_verge
        && let Some(g) = &f.verge
    {
        kopi.push(Value::from_pairs([
            ("navn", Value::from(g.navn.value.clone())),
            ("rolle", Value::from("verge")),
        ]));
    }
    ctx.insert("kopi_til", Value::from(kopi));
    ctx.insert(
        "var_ref",
        Value::from(v.var_ref.as_ref().unwrap_or(&f.saksnummer).value.clone()),
    );
    if let Some(r) = &v.deres_ref {
        ctx.insert("deres_ref", Value::from(r.value.clone()));
    }
    let signer = v.signatur.as_ref().unwrap_or(&f.saerkontakt);
    ctx.insert("signatur", staff(case, signer).map(ser).unwrap_or_default());
    Ok(())
}

fn iso(d: NaiveDate) -> Value {
    Value::from(d.format("%Y-%m-%d").to_string())
}

/// A person referred to in a plan (`ungdom`, `verge` or a staff id) as
/// name and role in the document's målform.
fn person(case: &Case, muni: &Municipality, id: &str) -> Value {
    let f = &case.file;
    let nn = muni.malform == norsk::Malform::Nynorsk;
    let (navn, rolle) = match id {
        "ungdom" => (
            format!("{} {}", f.ungdom.fornavn.value, f.ungdom.etternavn.value),
            "ungdom".to_owned(),
        ),
        "verge" => (
            f.verge
                .as_ref()
                .map(|v| v.navn.value.clone())
                .unwrap_or_default(),
            if nn { "verje" } else { "verge" }.to_owned(),
        ),
        other => staff(case, other)
            .map(|s| (s.navn.value.clone(), s.tittel.value.clone()))
            .unwrap_or_default(),
    };
    Value::from_pairs([("navn", Value::from(navn)), ("rolle", Value::from(rolle))])
}

fn plan_error(
    case: &Case,
    t: &crate::case::located::Text,
    field: &str,
    msg: &str,
    hint: &str,
) -> Diagnostic {
    Diagnostic::error(Code::DateOrder, msg)
        .in_file(case.source.clone())
        .at(t.loc)
        .field(field)
        .hint(hint)
}

fn tiltaksplan(
    case: &Case,
    muni: &Municipality,
    date: NaiveDate,
    ctx: &mut BTreeMap<&str, Value>,
) -> Result<()> {
    use crate::deadlines;
    let f = &case.file;
    let plan = f
        .tiltaksplan
        .as_ref()
        .ok_or_else(|| required(case, "tiltaksplan", DocumentKind::Tiltaksplan))?;
    let date_of = |t: &crate::case::located::Text| crate::case::parse_date(t).unwrap_or(date);
    let variant = plan.variant.as_str();
    let interval = deadlines::plan_interval(plan);
    let age = deadlines::age_dates(case.birth_date)
        .ok_or_else(|| Error::Internal("birth date out of range".into()))?;

    let mut diags = Vec::new();
    if case.birth_date > date {
        diags.push(plan_error(
            case,
            &f.ungdom.fodselsdato,
            "ungdom.fodselsdato",
            "the birth date is after the plan date",
            "check ungdom.fodselsdato and tiltaksplan.dato",
        ));
    }
    let mut evaluations = Vec::new();
    for (i, t) in plan.evalueringsdatoer.iter().enumerate() {
        let e = date_of(t);
        if e <= date {
            diags.push(plan_error(
                case,
                t,
                &format!("tiltaksplan.evalueringsdatoer[{i}]"),
                "the evaluation date is not after the plan date",
                "an evaluation comes after the plan date (tiltaksplan.dato, or the document date asked for); check both dates",
            ));
        }
        evaluations.push(e);
    }
    if evaluations.is_empty() {
        evaluations.extend(deadlines::next_evaluation(date, interval));
    }
    let period_end = date_of(&plan.periode.til);
    if variant == "ettervern" && period_end > age.ettervern_siste_dag {
        diags.push(plan_error(
            case,
            &plan.periode.til,
            "tiltaksplan.periode.til",
            &format!(
                "aftercare cannot run past {} (the day before the 25th birthday)",
                norsk::date_long(age.ettervern_siste_dag)
            ),
            "bvl. § 3-6: measures may run until the youth turns 25; shorten the plan period",
        ));
    }
    if variant == "ettervern" && date > age.ettervern_siste_dag {
        diags.push(plan_error(
            case,
            &f.ungdom.fodselsdato,
            "ungdom.fodselsdato",
            "the youth is 25 or older on the plan date: aftercare has ended",
            "bvl. § 3-6: aftercare measures end when the youth turns 25",
        ));
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }

    let goal_nr = |id: &str| {
        plan.maal
            .iter()
            .position(|g| g.id.as_str() == id)
            .map_or(0, |i| i + 1)
    };
    let maal: Vec<Value> = plan
        .maal
        .iter()
        .enumerate()
        .map(|(i, g)| {
            Value::from_pairs([
                ("nr", Value::from(i + 1)),
                ("tekst", Value::from(g.tekst.value.clone())),
                ("frist", iso(date_of(&g.frist))),
            ])
        })
        .collect();
    let tiltak: Vec<Value> = plan
        .tiltak
        .iter()
        .map(|m| {
            let ansvarlig = match (&m.ansvarlig, &m.ansvarlig_tekst) {
                (Some(a), _) => person(case, muni, a).get_attr("navn").unwrap_or_default(),
                (None, Some(t)) => Value::from(t.value.clone()),
                (None, None) => Value::from(""),
            };
            let nrs: Vec<String> = m.maal.iter().map(|g| goal_nr(g).to_string()).collect();
            let mut pairs = vec![
                ("tekst", Value::from(m.tekst.value.clone())),
                ("maal", Value::from(nrs.join(", "))),
                ("ansvarlig", ansvarlig),
                (
                    "omfang",
                    Value::from(m.omfang.as_ref().map_or("–", |o| o.as_str()).to_owned()),
                ),
                ("start", iso(date_of(&m.start))),
            ];
            if let Some(e) = &m.slutt {
                pairs.push(("slutt", iso(date_of(e))));
            }
            Value::from_pairs(pairs)
        })
        .collect();
    let deltakere: Vec<Value> = plan
        .deltakere
        .iter()
        .map(|d| person(case, muni, d))
        .collect();
    let mut signatures = vec![person(case, muni, "ungdom")];
    if variant != "ettervern" && plan.deltakere.iter().any(|d| d.as_str() == "verge") {
        signatures.push(person(case, muni, "verge"));
    }
    signatures.push(person(case, muni, &f.saksbehandler));

    let mut pl: BTreeMap<&str, Value> = BTreeMap::new();
    pl.insert("variant", Value::from(variant));
    pl.insert("fra", iso(date_of(&plan.periode.fra)));
    pl.insert("til", iso(period_end));
    pl.insert("vedtak", ser(&plan.vedtak));
    pl.insert("vedtak_dato", iso(date_of(&plan.vedtak.dato)));
    pl.insert("intervall", Value::from(interval));
    pl.insert(
        "evalueringsdatoer",
        Value::from(evaluations.into_iter().map(iso).collect::<Vec<_>>()),
    );
    pl.insert("deltakere", Value::from(deltakere));
    if let Some(t) = &plan.tolk {
        pl.insert("tolk", Value::from(t.value.clone()));
    }
    pl.insert("andre_deltakere", ser(&plan.andre_deltakere));
    pl.insert("bakgrunn", Value::from(plan.bakgrunn.value.clone()));
    pl.insert(
        "viktig_for_meg",
        Value::from(plan.viktig_for_meg.value.clone()),
    );
    pl.insert("maal", Value::from(maal));
    pl.insert("tiltak", Value::from(tiltak));
    pl.insert("andre_tjenester", ser(&plan.andre_tjenester));
    if let Some(g) = &plan.ansvarsgruppe {
        pl.insert("ansvarsgruppe", ser(g));
    }
    if let Some(s) = &plan.samtykke {
        pl.insert("samtykke_dato", iso(date_of(&s.dato)));
        if let Some(r) = &s.referanse {
            pl.insert("samtykke_ref", Value::from(r.value.clone()));
        }
    }
    if let Some(i) = &plan.institusjon {
        pl.insert("institusjon", ser(i));
    }
    pl.insert("godkjent_av", person(case, muni, &plan.godkjent_av));
    pl.insert("underskrifter", Value::from(signatures));
    ctx.insert("plan", Value::from_pairs(pl));

    // The transition section belongs in a plan that runs up to the 18th
    // birthday: the youth turns 18 within a year of the plan date
    // (domain.md §3.2 makes it mandatory from 17½).
    let transition =
        date < age.attenarsdag && norsk::add_months(date, 12).is_some_and(|d| d >= age.attenarsdag);
    ctx.insert(
        "frister",
        Value::from_pairs([
            ("attenarsdag", iso(age.attenarsdag)),
            ("ettervern_dialog", iso(age.ettervern_dialog)),
            ("ettervern_siste_dag", iso(age.ettervern_siste_dag)),
            ("overgang", Value::from(transition)),
        ]),
    );
    Ok(())
}

fn evaluering(
    case: &Case,
    muni: &Municipality,
    date: NaiveDate,
    ctx: &mut BTreeMap<&str, Value>,
) -> Result<()> {
    let f = &case.file;
    let nn = muni.malform == norsk::Malform::Nynorsk;
    let ev = f
        .evaluering
        .as_ref()
        .ok_or_else(|| required(case, "evaluering", DocumentKind::Evaluering))?;
    let plan = f
        .tiltaksplan
        .as_ref()
        .ok_or_else(|| required(case, "tiltaksplan", DocumentKind::Evaluering))?;
    let date_of = |t: &crate::case::located::Text| crate::case::parse_date(t).unwrap_or(date);
    let plan_date = plan.dato.as_ref().map(date_of);
    if let (Some(pd), Some(at)) = (plan_date, ev.dato.as_ref().or(plan.dato.as_ref()))
        && date <= pd
    {
        return Err(Error::one(plan_error(
            case,
            at,
            "evaluering.dato",
            "the evaluation is not after the plan date",
            "the evaluation date (evaluering.dato, or the document date asked for) must be after tiltaksplan.dato",
        )));
    }
    let next = match &ev.neste_evaluering {
        Some(n) => {
            let n2 = date_of(n);
            if n2 <= date {
                return Err(Error::one(plan_error(
                    case,
                    n,
                    "evaluering.neste_evaluering",
                    "the next evaluation is not after this one",
                    "evaluering.neste_evaluering must be after the evaluation date (evaluering.dato, or the document date asked for)",
                )));
            }
            n2
        }
        None => crate::deadlines::next_evaluation(date, crate::deadlines::plan_interval(plan))
            .ok_or_else(|| Error::Internal("date out of range".into()))?,
    };
    let status = |s: &str| match (s, nn) {
        ("oppnadd", _) => "oppnådd",
        ("delvis_oppnadd", _) => "delvis oppnådd",
        (_, false) => "ikke oppnådd",
        (_, true) => "ikkje oppnådd",
    };
    let conclusion = |s: &str| match (s, nn) {
        ("viderefore", false) => "videreføre",
        ("viderefore", true) => "vidareføre",
        ("endre", _) => "endre",
        _ => "avslutte",
    };
    let maal: Vec<Value> = ev
        .maal
        .iter()
        .map(|g| {
            let (nr, tekst) = plan
                .maal
                .iter()
                .enumerate()
                .find(|(_, pg)| pg.id.as_str() == g.maal.as_str())
                .map(|(i, pg)| (i + 1, pg.tekst.value.clone()))
                .unwrap_or_default();
            let mut pairs = vec![
                ("nr", Value::from(nr)),
                ("tekst", Value::from(tekst)),
                ("status", Value::from(status(&g.status))),
            ];
            if let Some(k) = &g.kommentar {
                pairs.push(("kommentar", Value::from(k.value.clone())));
            }
            Value::from_pairs(pairs)
        })
        .collect();
    let tiltak: Vec<Value> = ev
        .tiltak
        .iter()
        .map(|m| {
            let idx = usize::try_from(m.tiltak).unwrap_or(0).saturating_sub(1);
            let tekst = plan
                .tiltak
                .get(idx)
                .map(|t| t.tekst.value.clone())
                .unwrap_or_default();
            let mut pairs = vec![
                ("nr", Value::from(m.tiltak)),
                ("tekst", Value::from(tekst)),
                ("konklusjon", Value::from(conclusion(&m.konklusjon))),
            ];
            if let Some(k) = &m.kommentar {
                pairs.push(("kommentar", Value::from(k.value.clone())));
            }
            Value::from_pairs(pairs)
        })
        .collect();
    let nye: Vec<Value> = ev
        .nye_maal
        .iter()
        .map(|g| {
            Value::from_pairs([
                ("tekst", Value::from(g.tekst.value.clone())),
                ("frist", iso(date_of(&g.frist))),
            ])
        })
        .collect();
    let mut e: BTreeMap<&str, Value> = BTreeMap::new();
    e.insert("variant", Value::from(plan.variant.value.clone()));
    if let Some(pd) = plan_date {
        e.insert("plan_dato", iso(pd));
    }
    e.insert("fra", iso(date_of(&plan.periode.fra)));
    e.insert("til", iso(date_of(&plan.periode.til)));
    e.insert(
        "deltakere",
        Value::from(
            ev.deltakere
                .iter()
                .map(|d| person(case, muni, d))
                .collect::<Vec<_>>(),
        ),
    );
    if let Some(t) = &ev.tolk {
        e.insert("tolk", Value::from(t.value.clone()));
    }
    e.insert("maal", Value::from(maal));
    e.insert("fungerer", Value::from(ev.fungerer.value.clone()));
    if let Some(t) = &ev.fungerer_mindre {
        e.insert("fungerer_mindre", Value::from(t.value.clone()));
    }
    e.insert(
        "ungdommens_syn",
        Value::from(ev.ungdommens_syn.value.clone()),
    );
    e.insert("tiltak", Value::from(tiltak));
    e.insert("nye_maal", Value::from(nye));
    e.insert("neste", iso(next));
    e.insert(
        "underskrifter",
        Value::from(vec![
            person(case, muni, "ungdom"),
            person(case, muni, &f.saksbehandler),
        ]),
    );
    ctx.insert("ev", Value::from_pairs(e));
    Ok(())
}

fn folgebrev(
    case: &Case,
    muni: &Municipality,
    date: NaiveDate,
    ctx: &mut BTreeMap<&str, Value>,
) -> Result<()> {
    let f = &case.file;
    let nn = muni.malform == norsk::Malform::Nynorsk;
    let fb = f
        .folgebrev
        .as_ref()
        .ok_or_else(|| required(case, "folgebrev", DocumentKind::Folgebrev))?;
    let date_of = |t: &crate::case::located::Text| crate::case::parse_date(t).unwrap_or(date);
    let mut l: BTreeMap<&str, Value> = BTreeMap::new();
    l.insert("emne", Value::from(fb.emne.value.clone()));
    if let Some(v) = &fb.viser_til {
        if let Some(d) = &v.motedato {
            l.insert("motedato", iso(date_of(d)));
        }
        if let (Some(r), Some(d)) = (&v.vedtak_ref, &v.vedtak_dato) {
            l.insert("vedtak_ref", Value::from(r.value.clone()));
            l.insert("vedtak_dato", iso(date_of(d)));
        }
    }
    l.insert(
        "vedlegg",
        Value::from(
            fb.vedlegg
                .iter()
                .map(|v| {
                    Value::from_pairs([
                        ("tittel", Value::from(v.tittel.value.clone())),
                        ("dato", iso(date_of(&v.dato))),
                    ])
                })
                .collect::<Vec<_>>(),
        ),
    );
    // The next evaluation: as given, else the plan's first evaluation after
    // the letter date, else the letter date + the plan's interval.
    let next = match (&fb.neste_evaluering, &f.tiltaksplan) {
        (Some(n), _) => Some(date_of(n)),
        (None, Some(plan)) => crate::deadlines::for_case(case)
            .into_iter()
            .find(|d| d.kind == crate::deadlines::DeadlineKind::Evaluering && d.date > date)
            .map(|d| d.date)
            .or_else(|| {
                crate::deadlines::next_evaluation(date, crate::deadlines::plan_interval(plan))
            }),
        (None, None) => None,
    };
    if let Some(n) = next {
        if n <= date
            && let Some(t) = &fb.neste_evaluering
        {
            return Err(Error::one(plan_error(
                case,
                t,
                "folgebrev.neste_evaluering",
                "the next evaluation is not after the letter date",
                "folgebrev.neste_evaluering must be after the letter date (folgebrev.dato, or the document date asked for)",
            )));
        }
        l.insert("neste_evaluering", iso(n));
    }
    l.insert("avsnitt", ser(&fb.avsnitt));
    ctx.insert("brev", Value::from_pairs(l));
    let kopi: Vec<Value> = fb
        .kopi_til
        .iter()
        .filter_map(|k| match (&k.person, &k.navn) {
            (Some(_), _) => f.verge.as_ref().map(|v| {
                Value::from_pairs([
                    ("navn", Value::from(v.navn.value.clone())),
                    ("rolle", Value::from("verge")),
                ])
            }),
            (None, Some(n)) => Some(Value::from_pairs([
                ("navn", Value::from(n.value.clone())),
                ("rolle", Value::from(())),
            ])),
            _ => None,
        })
        .collect();
    ctx.insert("kopi_til", Value::from(kopi));
    ctx.insert(
        "var_ref",
        Value::from(fb.var_ref.as_ref().unwrap_or(&f.saksnummer).value.clone()),
    );
    let signer = fb.signatur.as_ref().unwrap_or(&f.saksbehandler);
    ctx.insert("signatur", staff(case, signer).map(ser).unwrap_or_default());
    ctx.insert("nn_verge", Value::from(if nn { "verje" } else { "verge" }));
    Ok(())
}

fn askerguiden(
    case: &Case,
    muni: &Municipality,
    kind: DocumentKind,
    ctx: &mut BTreeMap<&str, Value>,
) -> Result<()> {
    let f = &case.file;
    let g = f
        .askerguiden
        .as_ref()
        .ok_or_else(|| required(case, "askerguiden", kind))?;
    let titles = &muni.profile.askerguiden_kapitler;
    if titles.is_empty() {
        return Err(Error::one(
            Diagnostic::error(
                Code::MissingProfileData,
                "the profile lists no Askerguiden chapters",
            )
            .in_file(muni.source.clone())
            .field("askerguiden_kapitler")
            .hint("add `askerguiden_kapitler:` with the ten chapter titles in order"),
        ));
    }
    let date_value = |t: Option<&crate::case::located::Text>| {
        t.and_then(|d| crate::case::parse_date(d)).map(iso)
    };
    let mut done = 0;
    let mut documented = 0;
    let rows: Vec<Value> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let nr = u32::try_from(i + 1).unwrap_or(0);
            let mut pairs = vec![
                ("nr", Value::from(nr)),
                ("tittel", Value::from(title.value.clone())),
            ];
            let ch = g.kapitler.iter().find(|k| k.nr == nr);
            let (young, key_worker) = ch.map_or((false, false), |k| {
                (k.signert_ungdom, k.signert_saerkontakt)
            });
            let complete = young && key_worker;
            done += usize::from(complete);
            pairs.push(("ferdig", Value::from(complete)));
            pairs.push(("signert_ungdom", Value::from(young)));
            pairs.push(("signert_saerkontakt", Value::from(key_worker)));
            if let Some(k) = ch {
                documented += usize::from(k.gerica.is_some());
                for (key, v) in [
                    ("gjennomgatt", date_value(k.gjennomgatt.as_ref())),
                    ("signert_dato", date_value(k.signert_dato.as_ref())),
                    ("gerica", date_value(k.gerica.as_ref())),
                ] {
                    if let Some(v) = v {
                        pairs.push((key, v));
                    }
                }
                if let Some(c) = &k.kommentar {
                    pairs.push(("kommentar", Value::from(c.value.clone())));
                }
            }
            Value::from_pairs(pairs)
        })
        .collect();
    let total = rows.len();
    ctx.insert(
        "guide",
        Value::from_pairs([
            ("utdelt", date_value(Some(&g.utdelt)).unwrap_or_default()),
            ("kapitler", Value::from(rows)),
            ("ferdige", Value::from(done)),
            ("gjenstaende", Value::from(total - done)),
            ("dokumentert", Value::from(documented)),
        ]),
    );
    Ok(())
}

/// The default move-out timeline (domain.md §3.5): (bokmål, nynorsk,
/// months, days) relative to the move date.
const DEFAULT_TIMELINE: &[(&str, &str, i32, i32)] = &[
    (
        "Samtale om flytting og ettervern",
        "Samtale om flytting og ettervern",
        -6,
        0,
    ),
    ("Lete etter bolig", "Leite etter bustad", -3, 0),
    (
        "Leiekontrakt, depositum og budsjett klart",
        "Leigekontrakt, depositum og budsjett klart",
        -1,
        0,
    ),
    ("Flyttedag", "Flyttedag", 0, 0),
    (
        "Oppfølgingsbesøk i ny bolig",
        "Oppfølgingsbesøk i ny bustad",
        0,
        7,
    ),
    ("Evaluering av planen", "Evaluering av planen", 3, 0),
];

fn utflyttingsplan(
    case: &Case,
    muni: &Municipality,
    date: NaiveDate,
    ctx: &mut BTreeMap<&str, Value>,
) -> Result<()> {
    let f = &case.file;
    let nn = muni.malform == norsk::Malform::Nynorsk;
    let u = f
        .utflyttingsplan
        .as_ref()
        .ok_or_else(|| required(case, "utflyttingsplan", DocumentKind::Utflyttingsplan))?;
    let date_of = |t: &crate::case::located::Text| crate::case::parse_date(t).unwrap_or(date);
    let moving = date_of(&u.flytting.dato);
    let shift = |months: i32, days: i32| {
        norsk::add_months(moving, months)
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(i64::from(days))))
            .ok_or_else(|| Error::Internal("timeline date out of range".into()))
    };
    let steps: Vec<(String, i32, i32)> = if muni.profile.utflytting_tidslinje.is_empty() {
        DEFAULT_TIMELINE
            .iter()
            .map(|(nb, nn_text, m, d)| ((if nn { *nn_text } else { *nb }).to_owned(), *m, *d))
            .collect()
    } else {
        muni.profile
            .utflytting_tidslinje
            .iter()
            .map(|s| {
                (
                    (if nn { &s.nn } else { &s.nb }).value.clone(),
                    s.maaneder,
                    s.dager,
                )
            })
            .collect()
    };
    let mut timeline = Vec::new();
    for (label, m, d) in steps {
        let when = match (m, d) {
            (0, 0) => "T".to_owned(),
            (0, d) => format!("T{d:+} {}", if nn { "dagar" } else { "dager" }),
            (m, 0) => format!("T{m:+} {}", if nn { "md." } else { "mnd." }),
            (m, d) => format!(
                "T{m:+} {} {d:+} {}",
                if nn { "md." } else { "mnd." },
                if nn { "dagar" } else { "dager" }
            ),
        };
        timeline.push(Value::from_pairs([
            ("naar", Value::from(when)),
            ("hva", Value::from(label)),
            ("dato", iso(shift(m, d)?)),
        ]));
    }
    let responsible = |a: Option<&crate::case::located::Text>,
                       t: Option<&crate::case::located::Text>| match (a, t) {
        (Some(a), _) => person(case, muni, a).get_attr("navn").unwrap_or_default(),
        (None, Some(t)) => Value::from(t.value.clone()),
        (None, None) => Value::from("–"),
    };
    let item_status = |s: &str| match (s, nn) {
        ("apen", false) => "åpen",
        ("apen", true) => "open",
        ("ferdig", _) => "ferdig",
        (_, false) => "ikke aktuelt",
        (_, true) => "ikkje aktuelt",
    };
    let skill_status = |s: &str| match (s, nn) {
        ("mestrer", false) => "mestrer",
        ("mestrer", true) => "meistrar",
        ("ovar", _) => "øver",
        _ => "skal lære",
    };
    let mut pl: BTreeMap<&str, Value> = BTreeMap::new();
    pl.insert(
        "naavaerende_bolig",
        Value::from(u.naavaerende_bolig.value.clone()),
    );
    pl.insert("flyttedato", iso(moving));
    pl.insert("boligtype", Value::from(u.flytting.boligtype.value.clone()));
    if let Some(a) = &u.flytting.adresse {
        pl.insert("adresse", Value::from(address_lines(a, false).join(", ")));
    }
    if let Some(t) = &u.flytting.husleie {
        pl.insert("husleie", Value::from(t.value.clone()));
    }
    if let Some(t) = &u.flytting.depositum {
        pl.insert("depositum", Value::from(t.value.clone()));
    }
    pl.insert(
        "ettervernstiltak",
        Value::from(
            u.ettervernstiltak
                .iter()
                .map(|m| {
                    Value::from_pairs([
                        ("tiltak", Value::from(m.tiltak.value.clone())),
                        (
                            "omfang",
                            Value::from(m.omfang.as_ref().map_or("–", |o| o.as_str()).to_owned()),
                        ),
                        (
                            "ansvarlig",
                            responsible(m.ansvarlig.as_ref(), m.ansvarlig_tekst.as_ref()),
                        ),
                    ])
                })
                .collect::<Vec<_>>(),
        ),
    );
    pl.insert("tidslinje", Value::from(timeline));
    pl.insert(
        "sjekkliste",
        Value::from(
            u.sjekkliste
                .iter()
                .map(|i| {
                    Value::from_pairs([
                        ("punkt", Value::from(i.punkt.value.clone())),
                        (
                            "ansvarlig",
                            responsible(i.ansvarlig.as_ref(), i.ansvarlig_tekst.as_ref()),
                        ),
                        ("status", Value::from(item_status(&i.status))),
                    ])
                })
                .collect::<Vec<_>>(),
        ),
    );
    pl.insert(
        "ferdigheter",
        Value::from(
            u.ferdigheter
                .iter()
                .map(|s| {
                    Value::from_pairs([
                        ("ferdighet", Value::from(s.ferdighet.value.clone())),
                        ("status", Value::from(skill_status(&s.status))),
                    ])
                })
                .collect::<Vec<_>>(),
        ),
    );
    pl.insert("nettverk", ser(&u.nettverk));
    let evaluations: Vec<Value> = if u.evalueringsdatoer.is_empty() {
        vec![iso(shift(3, 0)?)]
    } else {
        u.evalueringsdatoer
            .iter()
            .map(|d| iso(date_of(d)))
            .collect()
    };
    pl.insert("evalueringsdatoer", Value::from(evaluations));
    pl.insert(
        "underskrifter",
        Value::from(vec![
            person(case, muni, "ungdom"),
            person(case, muni, &f.saerkontakt),
            person(case, muni, &f.saksbehandler),
        ]),
    );
    ctx.insert("ut", Value::from_pairs(pl));
    Ok(())
}

fn arbeidspraksis(
    case: &Case,
    muni: &Municipality,
    kind: DocumentKind,
    ctx: &mut BTreeMap<&str, Value>,
) -> Result<()> {
    let f = &case.file;
    let nn = muni.malform == norsk::Malform::Nynorsk;
    let w = f
        .arbeidspraksis
        .as_ref()
        .ok_or_else(|| required(case, "arbeidspraksis", kind))?;
    let start = crate::case::parse_date(&w.start)
        .ok_or_else(|| Error::Internal("validated date".into()))?;
    let end = w
        .slutt
        .as_ref()
        .and_then(|e| crate::case::parse_date(e))
        .or_else(|| norsk::add_months(start, 3))
        .ok_or_else(|| Error::Internal("date out of range".into()))?;
    let contact = |c: &crate::case::model::Contact| {
        let mut pairs = vec![("navn", Value::from(c.navn.value.clone()))];
        if let Some(t) = &c.tittel {
            pairs.push(("tittel", Value::from(t.value.clone())));
        }
        if let Some(t) = &c.telefon {
            pairs.push(("telefon", Value::from(t.value.clone())));
        }
        Value::from_pairs(pairs)
    };
    let mut pr: BTreeMap<&str, Value> = BTreeMap::new();
    pr.insert(
        "arbeidsplass",
        Value::from(w.arbeidsplass.navn.value.clone()),
    );
    pr.insert(
        "adresse",
        Value::from(address_lines(&w.arbeidsplass.adresse, false).join(", ")),
    );
    pr.insert("kontakt_arbeidsgiver", contact(&w.kontakt_arbeidsgiver));
    pr.insert(
        "kontakt_kommune",
        staff(case, &w.kontakt_kommune).map(ser).unwrap_or_default(),
    );
    pr.insert("start", iso(start));
    pr.insert("slutt", iso(end));
    pr.insert("tre_maaneder", Value::from(w.slutt.is_none()));
    pr.insert("arbeidstid", Value::from(w.arbeidstid.value.clone()));
    pr.insert("oppgaver", ser(&w.oppgaver));
    if let Some(t) = &w.problemer {
        pr.insert("problemer", Value::from(t.value.clone()));
    }
    if kind == DocumentKind::Praksisavtale {
        let pay = muni.profile.praksis_lonn.as_ref().ok_or_else(|| {
            Error::one(
                Diagnostic::error(
                    Code::MissingProfileData,
                    "the profile gives no pay rate for work practice",
                )
                .in_file(muni.source.clone())
                .field("praksis_lonn")
                .hint("add `praksis_lonn:` (e.g. «120 kr per time») to the municipality profile"),
            )
        })?;
        pr.insert("lonn", Value::from(pay.value.clone()));
        let employer = Value::from_pairs([
            (
                "navn",
                Value::from(w.kontakt_arbeidsgiver.navn.value.clone()),
            ),
            (
                "rolle",
                Value::from(if nn { "arbeidsgjevar" } else { "arbeidsgiver" }),
            ),
        ]);
        pr.insert(
            "underskrifter",
            Value::from(vec![
                person(case, muni, "ungdom"),
                employer,
                person(case, muni, &w.kontakt_kommune),
            ]),
        );
    }
    if let Some(a) = &w.attest {
        pr.insert(
            "attest",
            Value::from_pairs([
                ("vurdering", Value::from(a.vurdering.value.clone())),
                ("underskriver", contact(&a.underskriver)),
            ]),
        );
    } else if kind == DocumentKind::Praksisattest {
        return Err(required(case, "arbeidspraksis.attest", kind));
    }
    ctx.insert("praksis", Value::from_pairs(pr));
    Ok(())
}

fn samarbeidsavtale(
    case: &Case,
    muni: &Municipality,
    ctx: &mut BTreeMap<&str, Value>,
) -> Result<()> {
    let f = &case.file;
    let a = f
        .samarbeidsavtale
        .as_ref()
        .ok_or_else(|| required(case, "samarbeidsavtale", DocumentKind::Samarbeidsavtale))?;
    let date_of =
        |t: &crate::case::located::Text| crate::case::parse_date(t).map(iso).unwrap_or_default();
    let mut kontakt = vec![("navn", Value::from(a.aktor.kontakt.navn.value.clone()))];
    if let Some(t) = &a.aktor.kontakt.tittel {
        kontakt.push(("tittel", Value::from(t.value.clone())));
    }
    if let Some(t) = &a.aktor.kontakt.telefon {
        kontakt.push(("telefon", Value::from(t.value.clone())));
    }
    let volunteer_signer = Value::from_pairs([
        ("navn", Value::from(a.aktor.kontakt.navn.value.clone())),
        ("rolle", Value::from(format!("for {}", a.aktor.navn.value))),
    ]);
    let service_signer = Value::from_pairs([
        (
            "navn",
            staff(case, &a.kontakt_kommune)
                .map(|s| Value::from(s.navn.value.clone()))
                .unwrap_or_default(),
        ),
        (
            "rolle",
            Value::from(format!("for {}", muni.profile.enhet.value.to_lowercase())),
        ),
    ]);
    ctx.insert(
        "avtale",
        Value::from_pairs([
            ("aktor", Value::from(a.aktor.navn.value.clone())),
            ("kontakt", Value::from_pairs(kontakt)),
            ("formaal", Value::from(a.formaal.value.clone())),
            ("aktor_gjor", ser(&a.aktor_gjor)),
            ("kommunen_gjor", ser(&a.kommunen_gjor)),
            (
                "kontakt_kommune",
                staff(case, &a.kontakt_kommune).map(ser).unwrap_or_default(),
            ),
            ("moter", Value::from(a.moter.value.clone())),
            ("fra", date_of(&a.periode.fra)),
            ("til", date_of(&a.periode.til)),
            ("gjelder_ungdom", Value::from(a.gjelder_ungdom)),
            (
                "underskrifter",
                Value::from(vec![service_signer, volunteer_signer]),
            ),
        ]),
    );
    Ok(())
}

fn required(case: &Case, field: &str, kind: DocumentKind) -> Error {
    Error::one(
        Diagnostic::error(
            Code::MissingSection,
            format!("missing required section `{field}` for {}", kind.name()),
        )
        .in_file(case.source.clone())
        .field(field)
        .hint(format!(
            "{} needs `{field}:`; see samples/saker/ for an example",
            kind.name()
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(short_name("Asker kommune"), "Asker");
        assert_eq!(short_name("Alver kommune"), "Alver");
        assert_eq!(short_name("Oslo"), "Oslo");
    }
}
