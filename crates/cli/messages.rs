//! Everything dealx says on standard error, in one place.

use dealx_pipeline::{InputError, Summary};

/// A problem with one document; the batch goes on.
pub fn document_error(e: &InputError) {
    match &e.id {
        Some(id) => eprintln!("dealx: {}: {} (document '{id}')", e.location, e.message),
        None => eprintln!("dealx: {}: {}", e.location, e.message),
    }
}

/// The closing line when some documents could not be read.
pub fn summary_with_errors(s: &Summary) {
    eprintln!(
        "dealx: {} documents written, {} could not be read (error records in the output)",
        s.documents, s.errors
    );
}

/// A fatal error: every cause in the chain, one per line.
pub fn fatal(err: &anyhow::Error) {
    eprintln!("dealx: error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
