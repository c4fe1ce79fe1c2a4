//! The document kinds, in one table: per kind its name and aliases, what it
//! is, the case section it needs, where its date comes from, who gets a
//! document, its template and its context builder. Nothing else in the
//! library or a front end lists kinds: the CLI's `--doc` values, `check`'s
//! default set and the batch's skip rule all come from here.
//!
//! Adding a kind is one row in [`kinds!`] below (the compiler then asks for
//! the section's field in `Case` and the context builder the row names);
//! see the README's «Adding a document kind».

use chrono::NaiveDate;

use crate::assets::TemplateStore;
use crate::case::sections::folgebrev::{CopyTo, EnclosedDocument, Excerpt};
use crate::case::{Case, Municipality};
use crate::context::{self, Addressee, Input};
use crate::diagnostic::{Code, Diagnostic, Loc};
use crate::error::{Error, Result};

/// The case section a kind needs.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Its key in the case file (`velkomstbrev`, `arbeidspraksis.attest`).
    pub name: &'static str,
    /// Whether a case has it.
    pub present: fn(&Case) -> bool,
}

/// Where a document's date comes from, when the request does not give one.
#[derive(Debug, Clone, Copy)]
pub enum DateRule {
    /// The section's own date at `field`.
    Section {
        /// The field, for the message when it is missing.
        field: &'static str,
        /// The date, if the case has one.
        get: fn(&Case) -> Option<NaiveDate>,
    },
    /// The kind has no date in the case: the request must give one (the CLI
    /// gives today).
    Asked,
    /// The kind is made from an agreement file, which has its own date.
    Agreement,
}

/// What a kind is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A youth's case file.
    Case,
    /// An agreement file (`avtalenummer:`, `samarbeidsavtale:`): not about
    /// one youth.
    Agreement,
}

/// One document of a request: the file name's suffix and the addressee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The role in file names and the manifest (`ungdom`, `verge`,
    /// `kopi-1`, a checklist's name); `None` for a single document.
    pub role: Option<String>,
    /// Who the document is addressed to.
    pub to: Option<Addressee>,
}

impl Part {
    /// A single document addressed to no one in particular.
    const SINGLE: Part = Part {
        role: None,
        to: None,
    };
}

/// What a kind's parts are computed from.
pub(crate) struct PartsInput<'a> {
    pub case: &'a Case,
    /// The documents' målform (role names in file names follow it).
    pub nynorsk: bool,
    pub checklist: Option<&'a str>,
    pub store: &'a TemplateStore,
}

/// A document of the case enclosed after a letter (`vedlegg[].dokument`).
#[derive(Debug, Clone)]
pub(crate) struct Enclosed {
    pub kind: DocumentKind,
    /// The field that names it, for messages.
    pub field: String,
    pub loc: Option<Loc>,
}

/// A row of the table.
pub(crate) struct Spec {
    /// The name on the command line, in file names and the manifest.
    name: &'static str,
    /// Other names accepted on the command line.
    aliases: &'static [&'static str],
    /// What the document is, for `--help` and front ends.
    about: &'static str,
    /// Its name for people, in Norwegian (the web app's lists).
    title: &'static str,
    /// The section it needs; `None` when it needs none of its own.
    section: Option<Section>,
    /// Where its date comes from.
    date: DateRule,
    /// The entry template, relative to the template root.
    template: &'static str,
    /// The documents of one request (one per recipient for a følgebrev).
    parts: fn(&PartsInput) -> Result<Vec<Part>>,
    /// The template context of one document.
    build: fn(&Input) -> Result<minijinja::Value>,
    /// Documents of the case that can be put after it in the same PDF.
    encloses: Option<fn(&Case) -> Vec<Enclosed>>,
    /// Whether a request must name a checklist (in the template folder's
    /// `sjekklister/`).
    needs_checklist: bool,
    /// Meant for readers outside the service (a future employer): nothing
    /// on it may reveal child welfare, so its document ID carries no case
    /// reference and its template no unit, reference or marking.
    outside: bool,
    /// Warnings about the case's data for this document (not errors: the
    /// document can be made, but whoever makes it should know).
    notes: fn(&Case, &Municipality, NaiveDate) -> Vec<Diagnostic>,
    /// What it is made from.
    subject: Subject,
}

fn no_notes(_: &Case, _: &Municipality, _: NaiveDate) -> Vec<Diagnostic> {
    Vec::new()
}

fn single(_: &PartsInput) -> Result<Vec<Part>> {
    Ok(vec![Part::SINGLE])
}

/// Defines [`DocumentKind`] and its table from one list, so the two cannot
/// drift apart.
macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident => $spec:expr, )+) => {
        /// A kind of document. Everything about a kind is in its row of the
        /// table in `src/kind.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DocumentKind {
            $( $(#[$doc])* $variant, )+
        }

        impl DocumentKind {
            /// Every kind, in the order of the table (and of `--help`).
            pub const ALL: &'static [DocumentKind] = &[$(DocumentKind::$variant),+];

            fn spec(self) -> &'static Spec {
                static TABLE: &[Spec] = &[$($spec),+];
                &TABLE[self as usize]
            }
        }
    };
}

kinds! {
    /// Bosettingsplan: who does what before, on and after the arrival day,
    /// from the municipality's routine for the type of housing.
    Bosettingsplan => Spec {
        name: "bosettingsplan",
        aliases: &[],
        about: "Settlement plan: the routine's steps for the type of housing, dated from the settlement.",
        title: "Bosettingsplan",
        section: Some(Section { name: "bosettingsplan", present: |c| c.bosettingsplan.is_some() }),
        date: DateRule::Section {
            field: "bosettingsplan.dato",
            get: |c| c.bosettingsplan.as_ref().and_then(|s| s.date),
        },
        template: "bosettingsplan.typ",
        parts: single,
        build: context::bosettingsplan::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: |_, muni, date| routine_notes(muni, date, false),
        subject: Subject::Case,
    },
    /// Helseplan: the health follow-up of a newly settled youth, from the
    /// municipality's routine.
    Helseplan => Spec {
        name: "helseplan",
        aliases: &[],
        about: "Health follow-up plan: the routine's bookings and checks, dated from the settlement.",
        title: "Helseplan",
        section: Some(Section { name: "helseplan", present: |c| c.helseplan.is_some() }),
        date: DateRule::Section {
            field: "helseplan.dato",
            get: |c| c.helseplan.as_ref().and_then(|s| s.date),
        },
        template: "helseplan.typ",
        parts: single,
        build: context::helseplan::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: |_, muni, date| routine_notes(muni, date, true),
        subject: Subject::Case,
    },
    /// The invitation to the transition meeting from intake to measures,
    /// one letter to the youth and one to the guardian.
    OvergangsmoteInnkalling => Spec {
        name: "overgangsmote-innkalling",
        aliases: &["overgangsmøte-innkalling"],
        about: "Invitation to the transition meeting from intake to measures (the youth, the guardian).",
        title: "Innkalling til overgangsmøte",
        section: Some(Section { name: "overgangsmote", present: |c| c.overgangsmote.is_some() }),
        date: DateRule::Section {
            field: "overgangsmote.dato",
            get: |c| c.overgangsmote.as_ref().and_then(|s| s.date),
        },
        template: "overgangsmote-innkalling.typ",
        parts: decision_parts,
        build: context::overgangsmote::invitation,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// The minutes of the transition meeting, per agenda point, with the
    /// actions agreed.
    OvergangsmoteReferat => Spec {
        name: "overgangsmote-referat",
        aliases: &["overgangsmøte-referat"],
        about: "Minutes of the transition meeting: per agenda point, and the actions agreed.",
        title: "Referat fra overgangsmøte",
        section: Some(Section {
            name: "overgangsmote.referat",
            present: |c| c.overgangsmote.as_ref().is_some_and(|m| m.minutes.is_some()),
        }),
        date: DateRule::Section {
            field: "overgangsmote.referat.dato",
            get: |c| c.overgangsmote.as_ref().and_then(|m| m.minutes.as_ref()).map(|r| r.date),
        },
        template: "overgangsmote-referat.typ",
        parts: single,
        build: context::overgangsmote::minutes,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Velkomstbrev: the welcome letter to a youth about to be settled.
    Velkomstbrev => Spec {
        name: "velkomstbrev",
        aliases: &[],
        about: "Welcome letter to a youth about to be settled.",
        title: "Velkomstbrev",
        section: Some(Section { name: "velkomstbrev", present: |c| c.velkomstbrev.is_some() }),
        date: DateRule::Section {
            field: "velkomstbrev.dato",
            get: |c| c.velkomstbrev.as_ref().and_then(|s| s.date),
        },
        template: "velkomstbrev.typ",
        parts: |_| Ok(vec![Part { role: None, to: Some(Addressee::Youth) }]),
        build: context::velkomstbrev::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Vergesamarbeid: the division of tasks between the guardian and the
    /// service, the contacts, the meetings and what happens at 18.
    Vergesamarbeid => Spec {
        name: "vergesamarbeid",
        aliases: &[],
        about: "Cooperation with the guardian: who does what, contacts, meetings, the 18th birthday.",
        title: "Samarbeid med verge",
        section: Some(Section { name: "vergesamarbeid", present: |c| c.vergesamarbeid.is_some() }),
        date: DateRule::Section {
            field: "vergesamarbeid.dato",
            get: |c| c.vergesamarbeid.as_ref().and_then(|s| s.date),
        },
        template: "vergesamarbeid.typ",
        parts: single,
        build: context::vergesamarbeid::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: |_, muni, date| guardian_routine_notes(muni, date),
        subject: Subject::Case,
    },
    /// Oppdragsbeskrivelse: the særkontakt's assignment for one youth, in
    /// shared housing or in aftercare.
    Oppdragsbeskrivelse => Spec {
        name: "oppdragsbeskrivelse",
        aliases: &[],
        about: "The særkontakt's assignment for one youth: tasks, contact, documentation, whom to contact.",
        title: "Oppdragsbeskrivelse for særkontakt",
        section: Some(Section { name: "oppdragsbeskrivelse", present: |c| c.oppdragsbeskrivelse.is_some() }),
        date: DateRule::Section {
            field: "oppdragsbeskrivelse.dato",
            get: |c| c.oppdragsbeskrivelse.as_ref().and_then(|s| s.date),
        },
        template: "oppdragsbeskrivelse.typ",
        parts: single,
        build: context::oppdrag::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: |_, muni, date| match &muni.assignment_routine {
            Some(r) => routine_due(muni, date, r.review_due(), r.revised, r.revised_at, "saerkontakt_rutine.revidert", "særkontakt"),
            None => Vec::new(),
        },
        subject: Subject::Case,
    },
    /// Tiltaksplan: the measure plan, or «min plan» for an institution stay
    /// or for aftercare.
    Tiltaksplan => Spec {
        name: "tiltaksplan",
        aliases: &[],
        about: "Measure plan, or «min plan» (institution stay, aftercare).",
        title: "Tiltaksplan",
        section: Some(Section { name: "tiltaksplan", present: |c| c.tiltaksplan.is_some() }),
        date: DateRule::Section {
            field: "tiltaksplan.dato",
            get: |c| c.tiltaksplan.as_ref().and_then(|s| s.date.as_ref()).map(|d| d.value),
        },
        template: "tiltaksplan.typ",
        parts: single,
        build: context::tiltaksplan::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Evaluering: the evaluation of the tiltaksplan.
    Evaluering => Spec {
        name: "evaluering",
        aliases: &[],
        about: "Evaluation of the measure plan.",
        title: "Evaluering av tiltaksplan",
        section: Some(Section { name: "evaluering", present: |c| c.evaluering.is_some() }),
        date: DateRule::Section {
            field: "evaluering.dato",
            get: |c| c.evaluering.as_ref().and_then(|s| s.date.as_ref()).map(|d| d.value),
        },
        template: "evaluering.typ",
        parts: single,
        build: context::evaluering::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: |c, _, _| match (&c.evaluering, &c.tiltaksplan) {
            (Some(ev), Some(plan)) => ev.warnings(c, plan),
            _ => Vec::new(),
        },
        subject: Subject::Case,
    },
    /// Følgebrev: the cover letter that sends a plan or evaluation, one
    /// letter per party.
    Folgebrev => Spec {
        name: "folgebrev",
        aliases: &["følgebrev"],
        about: "Cover letter to every party (one file per recipient).",
        title: "Følgebrev",
        section: Some(Section { name: "folgebrev", present: |c| c.folgebrev.is_some() }),
        date: DateRule::Section {
            field: "folgebrev.dato",
            get: |c| c.folgebrev.as_ref().and_then(|s| s.date),
        },
        template: "folgebrev.typ",
        parts: folgebrev_parts,
        build: context::folgebrev::build,
        encloses: Some(folgebrev_enclosures),
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Godkjenning: the approval of a besøkshjem or oppdragstaker, with the checks done and the conclusion.
    Godkjenning => Spec {
        name: "godkjenning",
        aliases: &[],
        about: "Approval of a besøkshjem or an oppdragstaker after the approval process (one file each).",
        title: "Godkjenning av oppdragstaker",
        section: Some(Section { name: "oppdragstakere", present: |c| c.assignees.iter().any(|a| a.approval.is_some()) }),
        date: DateRule::Section {
            field: "oppdragstakere[].godkjenning.dato",
            get: |c| c.assignees.iter().filter_map(|a| a.approval.as_ref().map(|x| x.date)).max(),
        },
        template: "godkjenning.typ",
        parts: |input| Ok(assignee_parts(input.case, |a| a.approval.is_some())),
        build: context::oppdragstaker::approval,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Oppdragsavtale: the contract with a besøkshjem or oppdragstaker, signed by both.
    Oppdragsavtale => Spec {
        name: "oppdragsavtale",
        aliases: &["arbeidskontrakt"],
        about: "Contract with a besøkshjem or oppdragstaker under the decision: scope, period, pay, reporting, supervision (one file each).",
        title: "Oppdragsavtale",
        section: Some(Section { name: "oppdragstakere", present: |c| c.assignees.iter().any(|a| a.contract.is_some()) }),
        date: DateRule::Section {
            field: "oppdragstakere[].avtale.dato",
            get: |c| c.assignees.iter().filter_map(|a| a.contract.as_ref().map(|x| x.date)).max(),
        },
        template: "oppdragsavtale.typ",
        parts: |input| Ok(assignee_parts(input.case, |a| a.contract.is_some())),
        build: context::oppdragstaker::contract,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Lønnsmelding: the pay notice for the office staff (kontorfaglig).
    Lonnsmelding => Spec {
        name: "lonnsmelding",
        aliases: &["lønnsmelding"],
        about: "Pay notice for the office staff: the data payroll needs for an assignment (one file each).",
        title: "Lønnsmelding",
        section: Some(Section { name: "oppdragstakere", present: |c| c.assignees.iter().any(|a| a.contract.is_some()) }),
        date: DateRule::Section {
            field: "oppdragstakere[].avtale.dato",
            get: |c| c.assignees.iter().filter_map(|a| a.contract.as_ref().map(|x| x.date)).max(),
        },
        template: "lonnsmelding.typ",
        parts: |input| Ok(assignee_parts(input.case, |a| a.contract.is_some())),
        build: context::oppdragstaker::pay_notice,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Tilvisning: a referral to another service (familievernet, PPT, BUP,
    /// Bufetat, …), one letter per referral.
    Tilvisning => Spec {
        name: "tilvisning",
        aliases: &["henvisning"],
        about: "Referral to another service (one file per referral): the question, background, enclosures, basis for sharing.",
        title: "Tilvisning",
        section: Some(Section { name: "tilvisninger", present: |c| c.tilvisninger.as_ref().is_some_and(|t| !t.letters.is_empty()) }),
        date: DateRule::Section {
            field: "tilvisninger.dato",
            get: |c| c.tilvisninger.as_ref().and_then(|t| t.date),
        },
        template: "tilvisning.typ",
        parts: |input| Ok(input
            .case
            .tilvisninger
            .iter()
            .flat_map(|t| t.letters.iter())
            .enumerate()
            .map(|(i, r)| Part { role: Some(r.to.value.clone()), to: Some(Addressee::Item(i)) })
            .collect()),
        build: context::tilvisning::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Ettervernsvedtak: the decision that measures continue, are replaced
    /// or end after 18 (bvl. § 3-6), with the appeal information.
    Ettervernsvedtak => Spec {
        name: "ettervernsvedtak",
        aliases: &["vedtak-ettervern"],
        about: "Decision on aftercare (bvl. § 3-6), with reasons and the appeal information (a copy to the guardian).",
        title: "Vedtak om ettervern",
        section: Some(Section { name: "ettervernsvedtak", present: |c| c.ettervernsvedtak.is_some() }),
        date: DateRule::Section {
            field: "ettervernsvedtak.dato",
            get: |c| c.ettervernsvedtak.as_ref().and_then(|s| s.date),
        },
        template: "ettervernsvedtak.typ",
        parts: decision_parts,
        build: context::ettervern::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Samtykke: the consent forms the youth signs, one document per form.
    Samtykke => Spec {
        name: "samtykke",
        aliases: &[],
        about: "Consent forms for the youth to sign: to aftercare, to sharing information (one file per form).",
        title: "Samtykke",
        section: Some(Section { name: "samtykker", present: |c| c.samtykker.as_ref().is_some_and(|s| !s.forms.is_empty()) }),
        date: DateRule::Section {
            field: "samtykker.dato",
            get: |c| c.samtykker.as_ref().and_then(|s| s.date),
        },
        template: "samtykke.typ",
        parts: |input| Ok(input
            .case
            .samtykker
            .iter()
            .flat_map(|s| s.forms.iter())
            .enumerate()
            .map(|(i, f)| Part { role: Some(f.id.clone()), to: Some(Addressee::Item(i)) })
            .collect()),
        build: context::samtykke::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Sjekkliste: a printable checklist; the list's points are data in
    /// `templates/sjekklister/<name>.yaml`.
    Sjekkliste => Spec {
        name: "sjekkliste",
        aliases: &[],
        about: "A printable checklist (of the list asked for).",
        title: "Sjekkliste",
        section: None,
        date: DateRule::Asked,
        template: "sjekkliste.typ",
        parts: checklist_parts,
        build: context::sjekkliste::build,
        encloses: None,
        needs_checklist: true,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// The Askerguiden protocol: the 10 chapters with lines for the youth's
    /// and the særkontakt's signatures.
    Askerguiden => Spec {
        name: "askerguiden",
        aliases: &[],
        about: "The Askerguiden protocol, signed chapter by chapter.",
        title: "Askerguiden – protokoll",
        section: Some(Section { name: "askerguiden", present: |c| c.askerguiden.is_some() }),
        date: DateRule::Section {
            field: "askerguiden.dato",
            get: |c| c.askerguiden.as_ref().and_then(|s| s.date),
        },
        template: "askerguiden.typ",
        parts: single,
        build: context::askerguiden::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// The særkontakt's overview of the Askerguiden: done, remaining, and
    /// documented in the journal.
    AskerguidenStatus => Spec {
        name: "askerguiden-status",
        aliases: &[],
        about: "The særkontakt's overview of the Askerguiden.",
        title: "Askerguiden – status",
        section: Some(Section { name: "askerguiden", present: |c| c.askerguiden.is_some() }),
        date: DateRule::Section {
            field: "askerguiden.dato",
            get: |c| c.askerguiden.as_ref().and_then(|s| s.date),
        },
        template: "askerguiden-status.typ",
        parts: single,
        build: context::askerguiden::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Utflyttingsplan: the move-out plan from shared housing into aftercare.
    Utflyttingsplan => Spec {
        name: "utflyttingsplan",
        aliases: &[],
        about: "Move-out plan from shared housing into aftercare.",
        title: "Utflyttingsplan",
        section: Some(Section { name: "utflyttingsplan", present: |c| c.utflyttingsplan.is_some() }),
        date: DateRule::Section {
            field: "utflyttingsplan.dato",
            get: |c| c.utflyttingsplan.as_ref().and_then(|s| s.date),
        },
        template: "utflyttingsplan.typ",
        parts: single,
        build: context::utflyttingsplan::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Praksisavtale: the work-practice agreement between the youth, the
    /// employer and the municipality.
    Praksisavtale => Spec {
        name: "praksisavtale",
        aliases: &[],
        about: "Work-practice agreement (youth, employer, municipality).",
        title: "Praksisavtale",
        section: Some(Section { name: "arbeidspraksis", present: |c| c.arbeidspraksis.is_some() }),
        date: DateRule::Section {
            field: "arbeidspraksis.dato",
            get: |c| c.arbeidspraksis.as_ref().and_then(|s| s.date),
        },
        template: "praksisavtale.typ",
        parts: single,
        build: context::praksis::agreement,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Praksisattest: the reference letter after the work practice.
    Praksisattest => Spec {
        name: "praksisattest",
        aliases: &[],
        about: "Reference letter after the work practice.",
        title: "Praksisattest",
        section: Some(Section {
            name: "arbeidspraksis.attest",
            present: |c| c.arbeidspraksis.as_ref().is_some_and(|w| w.reference.is_some()),
        }),
        date: DateRule::Section {
            field: "arbeidspraksis.attest.dato",
            get: |c| c.arbeidspraksis.as_ref().and_then(|w| w.reference.as_ref()).map(|a| a.date),
        },
        template: "praksisattest.typ",
        parts: single,
        build: context::praksis::reference,
        encloses: None,
        needs_checklist: false,
        outside: true,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Frivilligavtale: the agreement with a mentor, a friend or a visiting
    /// family for one youth.
    Frivilligavtale => Spec {
        name: "frivilligavtale",
        aliases: &["mentoravtale"],
        about: "Agreement with a mentor, friend or visiting family for one youth: what they do, contact, confidentiality, how to end it.",
        title: "Avtale med frivillig",
        section: Some(Section { name: "frivilligavtale", present: |c| c.frivilligavtale.is_some() }),
        date: DateRule::Section {
            field: "frivilligavtale.dato",
            get: |c| c.frivilligavtale.as_ref().and_then(|s| s.date),
        },
        template: "frivilligavtale.typ",
        parts: single,
        build: context::frivillig::build,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Case,
    },
    /// Samarbeidsavtale: a cooperation agreement between the municipality
    /// and a volunteer organisation, made from an agreement file.
    Samarbeidsavtale => Spec {
        name: "samarbeidsavtale",
        aliases: &[],
        about: "Cooperation agreement with a volunteer organisation (from an agreement file).",
        title: "Samarbeidsavtale",
        section: None,
        date: DateRule::Agreement,
        template: "samarbeidsavtale.typ",
        parts: single,
        build: context::samarbeidsavtale::from_case,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Agreement,
    },
    /// Taushetserklæring: the confidentiality declaration each volunteer of
    /// a cooperation agreement signs, from the agreement file.
    Taushetserklaering => Spec {
        name: "taushetserklaering",
        aliases: &["taushetserklæring", "teieplikterklaering"],
        about: "Confidentiality declaration for each volunteer of a samarbeidsavtale (from its agreement file).",
        title: "Taushetserklæring",
        section: None,
        date: DateRule::Agreement,
        template: "taushetserklaering.typ",
        parts: single,
        build: context::samarbeidsavtale::from_case,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Agreement,
    },
    /// Intensjonsavtale: a letter of intent with an actor, from its own
    /// agreement file.
    Intensjonsavtale => Spec {
        name: "intensjonsavtale",
        aliases: &[],
        about: "Letter of intent with a volunteer actor or business (from an agreement file).",
        title: "Intensjonsavtale",
        section: None,
        date: DateRule::Agreement,
        template: "intensjonsavtale.typ",
        parts: single,
        build: context::samarbeidsavtale::from_case,
        encloses: None,
        needs_checklist: false,
        outside: false,
        notes: no_notes,
        subject: Subject::Agreement,
    },
}

/// The youth, then every copy recipient in order: the guardian (`verge`, in
/// nynorsk `verje`) and those outside the case (`kopi-1`, `kopi-2`, …).
fn folgebrev_parts(input: &PartsInput) -> Result<Vec<Part>> {
    let mut parts = vec![Part {
        role: Some("ungdom".to_owned()),
        to: Some(Addressee::Youth),
    }];
    let copies = input.case.folgebrev.iter().flat_map(|f| f.copies.iter());
    let mut outside = 0;
    for (i, k) in copies.enumerate() {
        parts.push(match k.to {
            CopyTo::Guardian => Part {
                role: Some(if input.nynorsk { "verje" } else { "verge" }.to_owned()),
                to: Some(Addressee::Guardian),
            },
            CopyTo::Outside { .. } => {
                outside += 1;
                Part {
                    role: Some(format!("kopi-{outside}")),
                    to: Some(Addressee::Copy(i)),
                }
            }
        });
    }
    Ok(parts)
}

/// One document per assignee that `has` the part (an approval, a
/// contract), named by its id.
fn assignee_parts(
    case: &Case,
    has: impl Fn(&crate::case::sections::oppdragstaker::Assignee) -> bool,
) -> Vec<Part> {
    case.assignees
        .iter()
        .enumerate()
        .filter(|(_, a)| has(a))
        .map(|(i, a)| Part {
            role: Some(a.id.clone()),
            to: Some(Addressee::Item(i)),
        })
        .collect()
}

/// The youth, and the guardian (`verge`, in nynorsk `verje`) while the
/// case has one: a decision's copy, an invitation of their own.
fn decision_parts(input: &PartsInput) -> Result<Vec<Part>> {
    let mut parts = vec![Part {
        role: Some("ungdom".to_owned()),
        to: Some(Addressee::Youth),
    }];
    if input.case.guardian.is_some() {
        parts.push(Part {
            role: Some(if input.nynorsk { "verje" } else { "verge" }.to_owned()),
            to: Some(Addressee::Guardian),
        });
    }
    Ok(parts)
}

/// A warning when the settlement routine (or, `health`, the health
/// routine) is due for its yearly evaluation on `date`.
fn routine_notes(muni: &Municipality, date: NaiveDate, health: bool) -> Vec<Diagnostic> {
    match (health, &muni.settlement_routine, &muni.health_routine) {
        (false, Some(r), _) => routine_due(
            muni,
            date,
            r.review_due(),
            r.revised,
            r.revised_at,
            "bosetting_rutine.revidert",
            "settlement",
        ),
        (true, _, Some(r)) => routine_due(
            muni,
            date,
            r.review_due(),
            r.revised,
            r.revised_at,
            "helse_rutine.revidert",
            "health",
        ),
        _ => Vec::new(),
    }
}

/// A warning when a routine revised `revised` is due on `due`, before the
/// document date `date`.
fn routine_due(
    muni: &Municipality,
    date: NaiveDate,
    due: NaiveDate,
    revised: NaiveDate,
    at: Option<Loc>,
    field: &str,
    what: &str,
) -> Vec<Diagnostic> {
    if due >= date {
        return Vec::new();
    }
    vec![
        Diagnostic::warning(
            Code::RoutineDue,
            format!(
                "the {what} routine was last revised {}, more than a year before the document date",
                revised.format("%Y-%m-%d")
            ),
        )
        .in_file(muni.source.clone())
        .at(at)
        .field(field)
        .hint("the routine is evaluated at least once a year: evaluate it and set `revidert:` to the day it was"),
    ]
}

/// A warning when the routine for cooperation with guardians is due for
/// its yearly evaluation on `date`.
fn guardian_routine_notes(muni: &Municipality, date: NaiveDate) -> Vec<Diagnostic> {
    match &muni.guardian_routine {
        Some(r) => routine_due(
            muni,
            date,
            r.review_due(),
            r.revised,
            r.revised_at,
            "verge_rutine.revidert",
            "cooperation with guardians",
        ),
        None => Vec::new(),
    }
}

/// The kind of an enclosed document.
fn enclosed_kind(doc: EnclosedDocument) -> DocumentKind {
    match doc {
        EnclosedDocument::Tiltaksplan => DocumentKind::Tiltaksplan,
        EnclosedDocument::Evaluering => DocumentKind::Evaluering,
    }
}

/// The plan or evaluation each enclosure names.
fn folgebrev_enclosures(case: &Case) -> Vec<Enclosed> {
    let Some(fb) = &case.folgebrev else {
        return Vec::new();
    };
    fb.enclosures
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let doc = v.document.as_ref()?;
            Some(Enclosed {
                kind: enclosed_kind(doc.value),
                field: format!("folgebrev.vedlegg[{i}].dokument"),
                loc: doc.loc,
            })
        })
        .collect()
}

/// What a letter's addressee may see of an enclosed document: for a copy
/// outside the case whose basis covers only some parts, those parts and the
/// recipient's name; `None` for the whole document.
pub(crate) fn excerpt_for(
    case: &Case,
    to: Option<Addressee>,
    inner: DocumentKind,
) -> Option<(&Excerpt, &str)> {
    let Some(Addressee::Copy(i)) = to else {
        return None;
    };
    let copy = case.folgebrev.as_ref()?.copies.get(i)?;
    let CopyTo::Outside { name, .. } = &copy.to else {
        return None;
    };
    let doc = [EnclosedDocument::Tiltaksplan, EnclosedDocument::Evaluering]
        .into_iter()
        .find(|d| enclosed_kind(*d) == inner)?;
    let excerpt = copy.scope.as_ref()?.of(doc)?;
    (!excerpt.whole).then_some((excerpt, name.as_str()))
}

/// The checklists of a template folder (`sjekklister/<name>.yaml`).
pub(crate) fn checklists(store: &TemplateStore) -> Vec<&str> {
    store
        .paths()
        .filter_map(|p| p.strip_prefix("sjekklister/")?.strip_suffix(".yaml"))
        .collect()
}

/// The checklist asked for, if the template folder has it.
fn checklist_parts(input: &PartsInput) -> Result<Vec<Part>> {
    let available = checklists(input.store);
    match input.checklist {
        Some(name) if available.contains(&name) => Ok(vec![Part {
            role: Some(name.to_owned()),
            to: None,
        }]),
        other => Err(Error::one(
            Diagnostic::error(
                Code::UnknownChecklist,
                match other {
                    Some(name) => format!("unknown checklist `{name}`"),
                    None => "a sjekkliste needs the name of a checklist".to_owned(),
                },
            )
            .in_file(format!("{}/sjekklister", input.store.root_label))
            .hint(format!("choose one: {}", available.join(", "))),
        )),
    }
}

impl DocumentKind {
    /// The name used on the command line, in file names and template names.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Other names accepted for the kind.
    pub fn aliases(self) -> &'static [&'static str] {
        self.spec().aliases
    }

    /// What the document is, in a line.
    pub fn about(self) -> &'static str {
        self.spec().about
    }

    /// Its name for people, in Norwegian («Følgebrev»).
    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// Looks a kind up by its name or an alias.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.name() == name || k.aliases().contains(&name))
    }

    /// The entry template, relative to the template root.
    pub fn template(self) -> &'static str {
        self.spec().template
    }

    /// The case section the kind needs, if any.
    pub fn section(self) -> Option<Section> {
        self.spec().section
    }

    /// Whether the case has the section the kind needs (a kind that needs
    /// none, a checklist, has "no data": it is made only when asked for).
    pub fn has_data(self, case: &Case) -> bool {
        self.spec().section.is_some_and(|s| (s.present)(case))
    }

    /// Whether a batch can make the kind for the case: the section it needs
    /// is there, or it needs none (and it is made from a case at all).
    pub fn applies_to(self, case: &Case) -> bool {
        self.subject() == Subject::Case && self.spec().section.is_none_or(|s| (s.present)(case))
    }

    /// What the kind is made from: a case file or an agreement file.
    pub fn subject(self) -> Subject {
        self.spec().subject
    }

    /// Whether documents of the case can be put after this kind in the same
    /// PDF (`--med-vedlegg`).
    pub fn can_enclose(self) -> bool {
        self.spec().encloses.is_some()
    }

    /// Whether a request must name a checklist.
    pub fn needs_checklist(self) -> bool {
        self.spec().needs_checklist
    }

    /// Whether the document is meant for readers outside the service (the
    /// praksisattest, shown to future employers): it reveals no child
    /// welfare, and its document ID has no case reference.
    pub fn for_outside_readers(self) -> bool {
        self.spec().outside
    }

    /// Warnings about the case's data for this kind (an evaluation that
    /// leaves goals out) or the profile's (a routine due for its yearly
    /// evaluation on the document date `date`): reported with the
    /// document, which is still made.
    pub fn notes(self, case: &Case, muni: &Municipality, date: NaiveDate) -> Vec<Diagnostic> {
        (self.spec().notes)(case, muni, date)
    }

    /// Whether the request must give the date (the kind has none in the case).
    pub fn needs_asked_date(self) -> bool {
        matches!(self.spec().date, DateRule::Asked)
    }

    /// The section a document needs, checked: an error naming it when the
    /// case lacks it.
    pub(crate) fn check_section(self, case: &Case) -> Result<()> {
        match self.spec().section {
            Some(s) if !(s.present)(case) => {
                Err(context::missing_section(case, s.name, self.name()))
            }
            _ => Ok(()),
        }
    }

    /// The document date: `asked` if given, else the date in the case's
    /// section for this document. Never the clock.
    pub fn document_date(self, case: &Case, asked: Option<NaiveDate>) -> Result<NaiveDate> {
        if let Some(d) = asked {
            return Ok(d);
        }
        let missing = |field: Option<&str>| {
            let d = Diagnostic::error(Code::MissingDate, format!("{self} has no date"))
                .in_file(case.source.clone());
            Error::one(match field {
                Some(f) => d.field(f).hint(format!("set `{f}` in the case file")),
                None => d.hint("a document of this kind is dated when it is made: give the date with the request"),
            })
        };
        match self.spec().date {
            DateRule::Section { field, get } => get(case).ok_or_else(|| missing(Some(field))),
            DateRule::Asked => Err(missing(None)),
            DateRule::Agreement => Err(context::samarbeidsavtale::not_a_case_kind(case)),
        }
    }

    pub(crate) fn parts(self, input: &PartsInput) -> Result<Vec<Part>> {
        (self.spec().parts)(input)
    }

    pub(crate) fn build(self, input: &Input) -> Result<minijinja::Value> {
        (self.spec().build)(input)
    }

    pub(crate) fn enclosures(self, case: &Case) -> Vec<Enclosed> {
        self.spec().encloses.map(|f| f(case)).unwrap_or_default()
    }
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The stem of an output file: case reference and document kind, never a
/// name or an ID number. «2025/1432» + velkomstbrev → `2025-1432-velkomstbrev`.
pub fn output_stem(saksnummer: &str, kind: DocumentKind) -> String {
    format!("{}-{}", reference_slug(saksnummer), kind.name())
}

/// The case reference as it appears in file and folder names: ASCII letters
/// and digits, other characters as single dashes. «2025/1432» → `2025-1432`;
/// a reference with nothing usable becomes `sak`.
pub fn reference_slug(saksnummer: &str) -> String {
    let mut reference: String = saksnummer
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while reference.contains("--") {
        reference = reference.replace("--", "-");
    }
    let reference = reference.trim_matches('-');
    if reference.is_empty() {
        "sak".to_owned()
    } else {
        reference.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_come_from_the_reference_only() {
        assert_eq!(
            output_stem("2025/1432", DocumentKind::Velkomstbrev),
            "2025-1432-velkomstbrev"
        );
        assert_eq!(
            output_stem("../../etc", DocumentKind::Velkomstbrev),
            "etc-velkomstbrev"
        );
        assert_eq!(
            output_stem("ÆØÅ", DocumentKind::Velkomstbrev),
            "sak-velkomstbrev"
        );
    }

    /// Names and aliases are unique, and every template is in the store.
    #[test]
    fn the_table_is_consistent() {
        let store = TemplateStore::embedded();
        let mut names = std::collections::HashSet::new();
        for kind in DocumentKind::ALL {
            for name in std::iter::once(kind.name()).chain(kind.aliases().iter().copied()) {
                assert!(names.insert(name), "{name} twice");
                assert_eq!(DocumentKind::from_name(name), Some(*kind));
            }
            assert!(store.get(kind.template()).is_some(), "{kind}: no template");
        }
    }
}
