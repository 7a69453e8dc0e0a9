//! Building one regex syntax tree from parts parsed once (used by the date
//! and money stages, whose patterns repeat a large sub-pattern: parsing it
//! once and putting the tree in place costs a fraction of parsing the
//! pattern text with the sub-pattern written out every time).

use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

/// `hir` with every named group for which `hole` gives a tree replaced by
/// that tree, and its other groups numbered from `next_index` in the order
/// of their opening parentheses: the tree the parser gives for the pattern
/// text with the parts written into the holes, rebuilt with the parser's
/// own constructors (the stages test this against the parsed text).
pub fn fill_holes(hir: Hir, hole: &dyn Fn(&str) -> Option<Hir>, next_index: &mut u32) -> Hir {
    // Without groups there is no hole and nothing to number: the parser
    // built this subtree as it stands.
    if hir.properties().explicit_captures_len() == 0 {
        return hir;
    }
    let mut fill = |h: Hir| fill_holes(h, hole, next_index);
    match hir.into_kind() {
        HirKind::Capture(c) => {
            if let Some(part) = c.name.as_deref().and_then(hole) {
                return part;
            }
            let index = *next_index;
            *next_index += 1;
            let sub = fill_holes(*c.sub, hole, next_index);
            Hir::capture(Capture {
                index,
                name: c.name,
                sub: Box::new(sub),
            })
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(&mut fill).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(&mut fill).collect()),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(fill(*r.sub)),
            ..r
        }),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Class(c) => Hir::class(c),
        HirKind::Look(l) => Hir::look(l),
    }
}
