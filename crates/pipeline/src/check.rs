//! `dealx gazetteer check DIR`: every bad row of a directory of gazetteer
//! files, read from disk here and checked by `dealx_gazetteer::check_files`.

use std::path::Path;

use dealx_gazetteer::{check_files, FileReport, BUILTIN_FILES};

use crate::extractor::{tsv_files, BuildError};

/// Checks every `*.tsv` file directly inside `dir` and returns one report
/// per file, in file-name order, each listing all of its bad rows as
/// `path:line: reason`.
///
/// Cross-file checks (ids repeated across files, demonyms whose country has
/// no entry) see the directory's files together with the built-in files they
/// do not replace, as `--gazetteers DIR` would load them; only the
/// directory's files are reported.
///
/// # Errors
///
/// The directory or one of its files cannot be read.
pub fn check_gazetteer_dir(dir: &Path) -> Result<Vec<FileReport>, BuildError> {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (name, path) in tsv_files(dir)? {
        let contents = std::fs::read_to_string(&path).map_err(|source| BuildError::Io {
            path: path.clone(),
            source,
        })?;
        files.push((path.display().to_string(), contents));
        names.push(name);
    }
    let ours = files.len();
    for (name, contents) in BUILTIN_FILES {
        if !names.iter().any(|n| n == name) {
            files.push((name.to_string(), contents.to_string()));
        }
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let mut reports = check_files(&borrowed);
    reports.truncate(ours);
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n";

    #[test]
    fn reports_every_bad_row_of_every_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("companies.tsv"),
            format!("{HEADER}co:a\tA\t\tcompany\t\t\t\tcurated\nco:b\tB\n\nco:c\tC\t\tfirm\t\t\t\tcurated\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("demonyms.tsv"),
            "name\tcountry\tsource\nKazakh\tKZ\tcurated\nMartian\tQQ\tcurated\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a gazetteer").unwrap();
        let reports = check_gazetteer_dir(dir.path()).unwrap();
        assert_eq!(reports.len(), 2);
        let messages: Vec<String> = reports
            .iter()
            .flat_map(|r| r.errors.iter().map(|e| e.to_string()))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].ends_with("companies.tsv:3: expected 8 tab-separated fields, found 2"));
        assert!(messages[1].ends_with("companies.tsv:5: unknown type/subtype 'firm/'"));
        assert!(messages[2].ends_with("demonyms.tsv:3: no country entry for code 'QQ'"));
        assert_eq!((reports[0].rows, reports[1].rows), (1, 1));
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        assert!(check_gazetteer_dir(Path::new("/no/such/dir")).is_err());
    }
}
