//! The demo bank's topic tree (TS 9.8), created only while there is none.

use app::domain::topics;
use sqlx::PgPool;

/// Root topics and their subtopics; a subtopic may carry its own children after `/`.
const TREE: &[(&str, &[&str])] = &[
    (
        "Карты",
        &[
            "Блокировка карты/Утеря или кража",
            "Блокировка карты/Подозрительная операция",
            "Разблокировка карты",
            "Лимиты",
            "Перевыпуск карты",
            "Кешбэк",
        ],
    ),
    (
        "Кредиты",
        &[
            "Досрочное погашение",
            "График платежей",
            "Просрочка",
            "Новая заявка",
        ],
    ),
    ("Вклады", &["Открытие вклада", "Проценты", "Досрочное закрытие"]),
    (
        "Переводы",
        &[
            "Перевод не дошёл",
            "Комиссия",
            "Международные переводы",
            "Перевод по номеру телефона",
        ],
    ),
    ("Мобильное приложение", &["Вход и пароль", "Ошибка в приложении"]),
    ("Жалобы и предложения", &[]),
];

pub async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM topics")
        .fetch_one(pool)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let add = |parent: Option<i64>, name: &'static str| async move {
        topics::add(pool, parent, name)
            .await
            .map_err(|e| anyhow::anyhow!("topic {name}: {e:?}"))
    };
    for &(root, children) in TREE {
        let root_id = add(None, root).await?;
        let mut made: Vec<(&str, i64)> = Vec::new();
        for &child in children {
            let (name, grandchild) = match child.split_once('/') {
                Some((name, grandchild)) => (name, Some(grandchild)),
                None => (child, None),
            };
            let id = match made.iter().find(|(n, _)| *n == name) {
                Some((_, id)) => *id,
                None => {
                    let id = add(Some(root_id), name).await?;
                    made.push((name, id));
                    id
                }
            };
            if let Some(grandchild) = grandchild {
                add(Some(id), grandchild).await?;
            }
        }
    }
    Ok(())
}
