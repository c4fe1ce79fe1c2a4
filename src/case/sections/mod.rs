//! The document sections of a case file, one file each: the YAML as written
//! (`raw`), the parsed type, and every rule about the section (also those
//! that depend on the document date). A document kind names the section it
//! needs in `src/kind.rs`.

pub mod arbeidspraksis;
pub mod askerguiden;
pub mod bosettingsplan;
pub mod ettervern;
pub mod evaluering;
pub mod folgebrev;
pub mod frivillig;
pub mod helseplan;
pub mod oppdrag;
pub mod oppdragstaker;
pub mod overgangsmote;
pub mod samarbeidsavtale;
pub mod samtykke;
pub mod tiltaksplan;
pub mod tilvisning;
pub mod utflyttingsplan;
pub mod velkomstbrev;
pub mod vergesamarbeid;
