//! Every operation (method + path) of the upstream documents is in the manifest and the raw
//! client. Reads `../shared/atlassian-specs` beside the checkout (as in CI).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[test]
fn every_upstream_operation_is_generated() {
    let manifest: Value = serde_json::from_str(atlassian_admin_raw::MANIFEST_JSON).unwrap();
    let have: BTreeSet<(String, String)> = manifest["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["method"].as_str().unwrap().to_string(), shape(o["full_path"].as_str().unwrap())))
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/atlassian-specs");
    let dir = dir.canonicalize().unwrap_or_else(|_| panic!("{} is missing: the upstream copies sit beside the checkout", dir.display()));
    let mut total = 0;
    // The families of the manifest (each generated from one spec), never listed by hand.
    let manifest: Value = serde_json::from_str(atlassian_admin_raw::MANIFEST_JSON).unwrap();
    let mut families: Vec<String> = vec![];
    for op in manifest["operations"].as_array().unwrap() {
        let f = op["family"].as_str().unwrap().to_string();
        if !families.contains(&f) {
            families.push(f);
        }
    }
    for family in &families {
        let mut count = 0;
        for file in [format!("{family}.json"), format!("{family}.additions.json")] {
            let Ok(text) = std::fs::read_to_string(dir.join(&file)) else { continue };
            let doc: Value = serde_json::from_str(&text).unwrap();
            let server = doc["servers"][0]["url"].as_str().unwrap_or("");
            let prefix = server.splitn(4, '/').nth(3).map(|p| format!("/{}", p.trim_end_matches('/'))).unwrap_or_default();
            for (path, item) in doc["paths"].as_object().unwrap() {
                for (method, _) in item.as_object().unwrap() {
                    if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                        continue;
                    }
                    let key = (method.to_uppercase(), shape(&format!("{prefix}{path}").replace("//", "/")));
                    assert!(have.contains(&key), "{family}: {} {path} is not generated", key.0);
                    count += 1;
                }
            }
        }
        println!("{family}: {count} operations");
        total += count;
    }
    println!("total: {total} upstream operations, {} generated", have.len());
    assert_eq!(total, have.len());
}

/// `/a/{x}/b` and `/a/{y}/b` are the same operation path.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}
