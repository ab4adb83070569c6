//! Data-loss-prevention API: `/admin/dlp/v1/orgs/{orgId}/classification-levels...`.

use super::{empty, reply, Res};
use crate::extract::Req;
use crate::state::{ts, Level, State};
use crate::App;
use axum::extract::State as S;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

pub fn routes() -> Router<App> {
    let base = "/admin/dlp/v1/orgs/{orgId}/classification-levels";
    Router::new()
        .route(base, get(list).post(create))
        .route(&format!("{base}/{{levelId}}"), get(get_level).put(edit))
        .route(&format!("{base}/publish"), post(publish))
        .route(&format!("{base}/archive"), post(archive))
        .route(&format!("{base}/restore"), post(restore))
        .route(&format!("{base}/reorder"), post(reorder))
}

fn person(st: &State, id: &str) -> Value {
    json!({"name": st.user(id).map(|u| u.name.clone()).unwrap_or_else(|| "Org admin".into()), "accountId": id})
}

fn level_json(st: &State, l: &Level) -> Value {
    json!({
        "levelId": l.id, "orgId": st.org_id, "name": l.name, "definition": l.definition, "guideline": l.guideline,
        "color": l.color, "sensitivity": l.sensitivity, "status": l.status,
        "createdBy": person(st, &l.created_by), "createdOn": ts(&l.created_on),
        "changedBy": person(st, &l.changed_by), "changedOn": ts(&l.changed_on),
    })
}

fn idx(st: &State, r: &Req, id: &str) -> Result<usize, Response> {
    st.levels.iter().position(|l| l.id == id).ok_or_else(|| r.err_code(404, "LEVEL_NOT_FOUND", &format!("Classification level {id} not found.")))
}

struct LevelInput {
    name: String,
    definition: Option<String>,
    guideline: Option<String>,
    color: Option<String>,
}

fn input(r: &Req, b: &Map<String, Value>) -> Result<LevelInput, Response> {
    let name = r.req_str(b, "name")?;
    let color = b.get("color").and_then(Value::as_str).map(String::from);
    let s = |k: &str| b.get(k).and_then(Value::as_str).map(String::from);
    Ok(LevelInput { name, definition: s("definition"), guideline: s("guideline"), color })
}

async fn list(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let mut levels: Vec<&Level> = st.levels.iter().collect();
    levels.sort_by_key(|l| l.sensitivity);
    reply(200, json!({"levels": levels.iter().map(|l| level_json(&st, l)).collect::<Vec<_>>(), "links": {"self": r.url()}}))
}

async fn create(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let i = input(&r, &b)?;
    let mut st = app.st();
    if st.levels.iter().any(|l| l.name.eq_ignore_ascii_case(&i.name) && l.status != "ARCHIVED") {
        return Err(r.err_code(400, "DUPLICATE_NAME", "A classification level with this name already exists."));
    }
    let now = chrono::Utc::now();
    let by = st.users.first().map(|u| u.account_id.clone()).unwrap_or_default();
    let level = Level {
        id: st.new_id(),
        name: i.name,
        definition: i.definition.unwrap_or_default(),
        guideline: i.guideline.unwrap_or_default(),
        color: i.color.unwrap_or_else(|| "BLUE".into()),
        sensitivity: st.levels.iter().map(|l| l.sensitivity).max().unwrap_or(0) + 1,
        status: "DRAFT".into(),
        created_by: by.clone(),
        created_on: now,
        changed_by: by,
        changed_on: now,
    };
    let v = level_json(&st, &level);
    let id = level.id.clone();
    st.levels.push(level);
    st.record("classification_level_created", &id, "classification-levels");
    reply(202, v)
}

async fn get_level(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let i = idx(&st, &r, r.p("levelId"))?;
    reply(200, level_json(&st, &st.levels[i]))
}

async fn edit(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let inp = input(&r, &b)?;
    let mut st = app.st();
    let i = idx(&st, &r, r.p("levelId"))?;
    if st.levels[i].status == "ARCHIVED" {
        return Err(r.err_code(400, "LEVEL_ARCHIVED", "An archived level cannot be edited."));
    }
    let l = &mut st.levels[i];
    l.name = inp.name;
    if let Some(d) = inp.definition {
        l.definition = d;
    }
    if let Some(g) = inp.guideline {
        l.guideline = g;
    }
    if let Some(c) = inp.color {
        l.color = c;
    }
    l.changed_on = chrono::Utc::now();
    let id = l.id.clone();
    st.record("classification_level_updated", &id, "classification-levels");
    let v = level_json(&st, &st.levels[i]);
    reply(202, v)
}

/// Move the given levels from one of `from` to `to`, all or nothing.
fn transition(app: &App, r: &Req, ids: &[String], from: &[&str], to: &str) -> Res {
    let mut st = app.st();
    let mut found = Vec::new();
    for id in ids {
        let i = idx(&st, r, id)?;
        if !from.contains(&st.levels[i].status.as_str()) {
            return Err(r.err_code(400, "INVALID_STATE", &format!("Level {id} is {} and cannot become {to}.", st.levels[i].status)));
        }
        found.push(i);
    }
    let now = chrono::Utc::now();
    for i in found {
        st.levels[i].status = to.into();
        st.levels[i].changed_on = now;
        let id = st.levels[i].id.clone();
        st.record(&format!("classification_level_{}", to.to_lowercase()), &id, "classification-levels");
    }
    empty(202)
}

async fn publish(S(app): S<App>, r: Req) -> Res {
    let ids = r.req_str_array(&r.json_obj()?, "levelIds")?;
    transition(&app, &r, &ids, &["DRAFT"], "PUBLISHED")
}

async fn archive(S(app): S<App>, r: Req) -> Res {
    let id = r.req_str(&r.json_obj()?, "levelId")?;
    transition(&app, &r, &[id], &["PUBLISHED", "DRAFT"], "ARCHIVED")
}

async fn restore(S(app): S<App>, r: Req) -> Res {
    let id = r.req_str(&r.json_obj()?, "levelId")?;
    transition(&app, &r, &[id], &["ARCHIVED"], "PUBLISHED")
}

async fn reorder(S(app): S<App>, r: Req) -> Res {
    let ids = r.req_str_array(&r.json_obj()?, "levelIds")?;
    let mut st = app.st();
    let mut idxs = Vec::new();
    for id in &ids {
        idxs.push(idx(&st, &r, id)?);
    }
    for (pos, i) in idxs.into_iter().enumerate() {
        st.levels[i].sensitivity = pos as i64 + 1;
    }
    let org = st.org_id.clone();
    st.record("classification_levels_reordered", &org, "classification-levels");
    empty(202)
}
