//! Referrals (seed 002, «Tilvisning/ mandat»: «Skrive tilvisning/ mandat/
//! henvisning (eks. til familievernet, intern fam.avd, familieråd MST, PPT,
//! Bufetat (institusjon/tiltak), BUP, kommunepsykolog etc.)»): a letter to
//! another service with the question or mandate, the background in the
//! caseworker's words, what is enclosed, the basis for sharing the
//! information (consent or a legal provision, as for a følgebrev's copy)
//! and the contact person. The services and their addresses are profile
//! data (`tjenester`); one letter per referral.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::Checker;
use crate::case::located::{DateText, Located, Text};
use crate::case::people::{People, StaffId};
use crate::case::sections::folgebrev::Basis;
use crate::diagnostic::Code;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// An enclosure.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Enclosure {
        /// Its title («Undersøkelsesrapport»).
        pub tittel: Text,
        /// Its date.
        #[schemars(with = "DateText")]
        pub dato: Text,
    }

    /// One referral.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Referral {
        /// The service, by its id in the profile's `tjenester`.
        pub mottaker: Text,
        /// The question or the mandate: what the service is asked to do.
        pub sporsmal: Text,
        /// The background, in the caseworker's words, in paragraphs.
        pub bakgrunn: Vec<Text>,
        /// What is enclosed, optional.
        #[serde(default)]
        pub vedlegg: Vec<Enclosure>,
        /// The basis for sharing confidential information: `samtykke`
        /// (with `samtykke_ref`) or `lov` (with `hjemmel`).
        #[schemars(with = "String")]
        pub grunnlag: Text,
        /// The consent: a consent form of this case (`samtykker.skjema`'s
        /// id) or where the consent is journalled.
        #[serde(default)]
        pub samtykke_ref: Option<Text>,
        /// The legal provision.
        #[serde(default)]
        pub hjemmel: Option<Text>,
        /// Staff id of the contact person; default the caseworker.
        #[serde(default)]
        #[schemars(extend("x-ref" = "ansatt"))]
        pub kontaktperson: Option<Text>,
    }

    /// The referrals of the case.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Referrals {
        /// The letters' date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// Our reference; defaults to the case number.
        #[serde(default)]
        pub var_ref: Option<Text>,
        /// The referrals, one letter each.
        pub brev: Vec<Referral>,
    }
}

/// An enclosure.
#[derive(Debug, Clone)]
pub struct Enclosure {
    /// `tittel`.
    pub title: String,
    /// `dato`.
    pub date: NaiveDate,
}

/// One referral.
#[derive(Debug, Clone)]
pub struct Referral {
    /// `mottaker`: the service's id, where it was written.
    pub to: Located<String>,
    /// `sporsmal`.
    pub question: String,
    /// `bakgrunn`.
    pub background: Vec<String>,
    /// `vedlegg`.
    pub enclosures: Vec<Enclosure>,
    /// `grunnlag` with `samtykke_ref` or `hjemmel`.
    pub basis: Basis,
    /// Where `samtykke_ref` was written.
    pub consent_at: Option<Located<String>>,
    /// `kontaktperson`.
    pub contact: Option<StaffId>,
}

/// The referrals.
#[derive(Debug, Clone)]
pub struct Tilvisninger {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `var_ref`.
    pub our_ref: Option<String>,
    /// `brev`.
    pub letters: Vec<Referral>,
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, t: &raw::Referrals) -> Tilvisninger {
    let p = "tilvisninger";
    let date = t
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let our_ref = c.opt_text(t.var_ref.as_ref(), &format!("{p}.var_ref"));
    let mut letters = Vec::new();
    for (i, r) in t.brev.iter().enumerate() {
        let q = format!("{p}.brev[{i}]");
        let to = Located {
            value: c.text(&r.mottaker, &format!("{q}.mottaker")),
            loc: r.mottaker.loc,
        };
        if t.brev[..i]
            .iter()
            .any(|o| o.mottaker.value == r.mottaker.value)
        {
            c.error(
                Code::Duplicate,
                &r.mottaker,
                &format!("{q}.mottaker"),
                "two referrals to the same service",
                "write one letter per service: put both questions in one referral",
            );
        }
        let question = c.text(&r.sporsmal, &format!("{q}.sporsmal"));
        let background = c.texts(&r.bakgrunn, &format!("{q}.bakgrunn"));
        if background.is_empty() {
            c.error(
                Code::MissingField,
                &r.sporsmal,
                &format!("{q}.bakgrunn"),
                "a referral gives the background",
                "write the background in your own words under `bakgrunn:`, as paragraphs",
            );
        }
        let enclosures = r
            .vedlegg
            .iter()
            .enumerate()
            .filter_map(|(j, v)| {
                Some(Enclosure {
                    title: c.text(&v.tittel, &format!("{q}.vedlegg[{j}].tittel")),
                    date: c.date(&v.dato, &format!("{q}.vedlegg[{j}].dato"))?,
                })
            })
            .collect();
        let consent_ref = c.opt_text(r.samtykke_ref.as_ref(), &format!("{q}.samtykke_ref"));
        let provision = c.opt_text(r.hjemmel.as_ref(), &format!("{q}.hjemmel"));
        let basis = match (r.grunnlag.as_str(), consent_ref, provision) {
            ("samtykke", Some(s), _) => Basis::Consent(s),
            ("lov", _, Some(h)) => Basis::Law(h),
            ("samtykke", None, _) => {
                c.error(
                    Code::MissingField,
                    &r.grunnlag,
                    &format!("{q}.samtykke_ref"),
                    "consent is given as the basis without a reference",
                    "add `samtykke_ref:`: the id of the consent form (samtykker.skjema) or where the consent is journalled",
                );
                Basis::Consent(String::new())
            }
            ("lov", _, None) => {
                c.error(
                    Code::MissingField,
                    &r.grunnlag,
                    &format!("{q}.hjemmel"),
                    "a legal basis is given without the provision",
                    "add `hjemmel:` (the section of the act that allows or requires sharing)",
                );
                Basis::Law(String::new())
            }
            (other, ..) => {
                c.error(
                    Code::UnknownValue,
                    &r.grunnlag,
                    &format!("{q}.grunnlag"),
                    format!("unknown basis: {}", crate::diagnostic::shown(other)),
                    "a referral shares confidential information: `samtykke` (with `samtykke_ref`) or `lov` (with `hjemmel`)",
                );
                Basis::Party
            }
        };
        let contact = r
            .kontaktperson
            .as_ref()
            .map(|k| people.staff(c, k, &format!("{q}.kontaktperson")));
        letters.push(Referral {
            to,
            question,
            background,
            enclosures,
            basis,
            consent_at: r.samtykke_ref.as_ref().map(|s| Located {
                value: s.value.clone(),
                loc: s.loc,
            }),
            contact,
        });
    }
    Tilvisninger {
        date,
        our_ref,
        letters,
    }
}

/// A consent reference (`samtykke_ref`) that names a consent form of the
/// case must name a signed consent to share information: a form for
/// aftercare, or one not yet signed, is no basis for sharing. A reference
/// that names no form is a journal reference and is taken as written.
pub(crate) fn check_consent_ref(
    c: &mut Checker,
    reference: &Located<String>,
    field: &str,
    forms: Option<&super::samtykke::Samtykker>,
) {
    let Some(form) = forms.and_then(|f| f.form(&reference.value)) else {
        return;
    };
    let t = Text {
        value: reference.value.clone(),
        loc: reference.loc,
    };
    if form.subject != super::samtykke::Subject::Informasjon {
        c.error(
            Code::Inconsistent,
            &t,
            field,
            "the consent form named is a consent to aftercare, not to sharing information",
            "name a form with `gjelder: informasjon`, or a journal reference",
        );
    } else if form.signed.is_none() {
        c.error(
            Code::Inconsistent,
            &t,
            field,
            "the consent form named is not signed",
            "information is shared on a signed consent: record the day it was signed (`signert:` on the form)",
        );
    }
}

/// The checks that need the profile: every referral goes to a service the
/// profile lists (`tjenester`).
pub(crate) fn validate(
    case: &crate::case::Case,
    muni: &crate::case::Municipality,
) -> Vec<crate::Diagnostic> {
    let Some(t) = &case.tilvisninger else {
        return Vec::new();
    };
    let ids: Vec<&str> = muni.services.iter().map(|s| s.id.as_str()).collect();
    t.letters
        .iter()
        .enumerate()
        .filter(|(_, r)| muni.service(&r.to.value).is_none())
        .map(|(i, r)| {
            crate::case::unknown_in_profile(
                case,
                muni,
                &r.to,
                format!("tilvisninger.brev[{i}].mottaker"),
                ("service", "tjenester", "`id`, `navn` and `adresse`"),
                &ids,
            )
        })
        .collect()
}
