//! The semi-annual activity report of a contact centre (order 443, appendix 2, form
//! "ОДКЦ"): 28 rows in Russian or Kazakh, as the official form words them. Rows the
//! data fills are computed for the half-year; the others are the organisation's stored
//! answers (row 20, confirmed complaints, until complaint handling exists).

use serde::{Deserialize, Serialize};

/// The two languages the form is filed in (order 443, explanation, item 5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FormLanguage {
    #[default]
    Ru,
    Kk,
}

impl FormLanguage {
    pub fn code(self) -> &'static str {
        match self {
            FormLanguage::Ru => "ru",
            FormLanguage::Kk => "kk",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ru" => Some(FormLanguage::Ru),
            "kk" => Some(FormLanguage::Kk),
            _ => None,
        }
    }
}

/// A half-year: 1 is January–June, 2 is July–December.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HalfYear {
    pub year: i32,
    pub half: u8,
}

impl HalfYear {
    pub fn is_valid(self) -> bool {
        (2000..=2100).contains(&self.year) && (1..=2).contains(&self.half)
    }

    /// The first and last day.
    pub fn days(self) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        let (from, to) = if self.half == 1 {
            ((1, 1), (6, 30))
        } else {
            ((7, 1), (12, 31))
        };
        Some((
            chrono::NaiveDate::from_ymd_opt(self.year, from.0, from.1)?,
            chrono::NaiveDate::from_ymd_opt(self.year, to.0, to.1)?,
        ))
    }
}

/// Rows the organisation states itself.
pub const STORED_ROWS: [u8; 18] = [1, 2, 3, 4, 5, 6, 7, 9, 11, 20, 21, 22, 23, 24, 25, 26, 27, 28];

/// Indicator and unit of each row, in Russian and in Kazakh, as the form has them.
pub const ROWS: [(&str, &str, &str, &str); 28] = [
    ("Контакт-центр", "наименование", "Байланыс орталығы", "атауы"),
    ("Документ о начале функционирования контакт-центра", "№ и дата", "Байланыс орталығының жұмысын бастау туралы құжат", "№ және күні"),
    ("Адрес местонахождения контакт-центра", "адрес", "Байланыс орталығының орналасқан мекенжайы", "Жіктеушіге сәйкес байланыс орталығының орналасу мекенжайы"),
    ("Наличие структурных подразделений, филиалов", "да или нет", "Құрылымдық бөлімшелердің, филиалдардың бар-жоғы", "Иә/жоқ"),
    ("Телефон контакт-центра", "номер", "Байланыс орталығының телефоны", "нөмір"),
    ("Режим работы", "", "Жұмыс тәртібі", ""),
    ("Работа в выходные, праздничные дни", "да или нет", "Демалыс және мереке күндері жұмыс істеу", "Иә/жоқ"),
    ("Вопросы для консультации, принятия обращений", "перечислить список вопросов", "Кеңес беру, өтініштерді қабылдау үшін қойылатын сұрақтар", "сұрақтар тізбесін көрсету"),
    ("Наличие второй линии сотрудников", "да или нет", "Қызметкерлердің екінші желісінің болуы", "Иә/жоқ"),
    ("Каналы связи, используемые для взаимодействия с пользователями", "перечислить каналы связи", "Пайдаланушылармен өзара әрекеттесу үшін пайдаланылатын байланыс арналары", "сұрақтар тізбесін көрсету"),
    ("Количество штатных и внештатных сотрудников", "штук", "Штаттық және штаттан тыс қызметкерлердің саны", "адам"),
    ("Количество действующих операторов", "штук", "Жұмыс істеп тұрған операторлар саны", "адам"),
    ("Общее количество принятых обращений", "штук", "Қабылданған өтініштердің жалпы саны", "дана"),
    ("Количество принятых обращений, в разрезе каналов связи", "штук", "Байланыс арналары бөлінісінде қабылданған өтініштер саны", "дана"),
    ("Среднее время ожидания при обращении клиента по телефонным каналам связи после прослушивания голосового меню", "секунд", "Дауыстық мәзірді тыңдағаннан кейін клиенттің телефон байланыс арналары арқылы хабарласуы кезінде күту уақыты", "секунд"),
    ("Уровень удовлетворенности клиентов, по балльной шкале", "балл", "Клиенттердің қанағаттану деңгейі, балдық шкала бойынша", "балл"),
    ("Доля обращений клиентов, при которых вопрос решен при первом обращении", "в процентах", "Мәселесі бастапқы жүгінген кезде шешілген клиенттердің өтініштерінің үлесі", "пайызбен"),
    ("Доля потерянных вызовов", "в процентах", "Жоғалған қоңыраулардың үлесі", "пайызбен"),
    ("Среднее время обработки заявки оператором", "минут", "Оператордың өтінішті өндеуінің орташа уақыты", "минут"),
    ("Количество подтвержденных жалоб на деятельность контакт-центра и операторов контакт-центра", "штук", "Байланыс орталығының және байланыс орталығы операторларының қызметіне расталған шағымдардың саны", "дана"),
    ("Наличие программных продуктов (перечислить) (при наличии)", "да или нет. При \"да\" перечислить программные продукты", "Бағдарламалық өнімдердің болуы (болған жағдайда – тізімін көрсету)", "Иә/жоқ. Иә болса – санын көрсету"),
    ("Интеграция с информационными системами государственных органов (перечислить)", "да или нет. При \"да\" перечислить информационные системы", "Мемлекеттік органдардың ақпараттық жүйелерімен интеграциялау (тізімдеу)", "Иә/жоқ. Иә болса – санын көрсету"),
    ("Информация о прохождении сертификационного аудита, сертификации контакт-центра", "дата", "Байланыс орталығының сертификаттық аудиттен, сертификаттаудан өткені туралы ақпарат", "күні"),
    ("Информация о прохождении сертификации менеджеров контакт-центра", "да или нет. При \"да\" указать количество", "Байланыс орталығы менеджерлерінің сертификаттаудан өткені туралы ақпарат", "Иә/жоқ. Иә болса – санын көрсету"),
    ("Оснащенность рабочего места, в соответствии с требованиями", "да или нет", "Жұмыс орнының талаптарға сай жабдықталуы", "Иә/жоқ"),
    ("Оснащенность необходимыми вспомогательными помещениями", "да или нет", "Қажетті қосалқы орынжайлармен жабдықталуы", "Иә/жоқ"),
    ("Наличие базы знаний", "да или нет", "Білім базасының болуы", "Иә/жоқ"),
    ("Наличие внутренних нормативных документов, регламентирующих деятельность контакт-центра", "да или нет", "Байланыс орталығының қызметін реттейтін ішкі нормативтік құжаттардың болуы", "Иә/жоқ"),
];

/// The form's title, column letters and the heading of its columns, per language.
pub fn form_heading(language: FormLanguage) -> (&'static str, [&'static str; 4], [&'static str; 4]) {
    match language {
        FormLanguage::Ru => (
            "Отчет по деятельности контакт-центра",
            ["А", "Б", "В", "Г"],
            ["п/п №", "Показатели", "Единицы измерения", "Фактические данные"],
        ),
        FormLanguage::Kk => (
            "Байланыс орталығының қызметі туралы есеп",
            ["А", "Б", "В", "І"],
            ["р/н №", "Көрсеткіштер", "Өлшем бірлігі", "Нақты деректер"],
        ),
    }
}

/// One row of the filled form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormRow {
    pub number: u8,
    pub indicator: String,
    pub unit: String,
    pub value: String,
    /// Filled from the data (else stated by the organisation).
    pub computed: bool,
}

/// The form for a half-year in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SemiannualForm {
    pub period: HalfYear,
    pub language: FormLanguage,
    pub title: String,
    /// The period as the form's head states it, e.g. "2-е полугодие 2026 года".
    pub period_text: String,
    pub letters: Vec<String>,
    pub headings: Vec<String>,
    pub rows: Vec<FormRow>,
}

/// A stored answer in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub row: u8,
    pub ru: String,
    pub kk: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_has_28_rows_and_halves_cover_the_year() {
        assert_eq!(ROWS.len(), 28);
        assert!(ROWS.iter().all(|(ru, _, kk, _)| !ru.is_empty() && !kk.is_empty()));
        let first = HalfYear { year: 2026, half: 1 }.days().unwrap();
        let second = HalfYear { year: 2026, half: 2 }.days().unwrap();
        assert_eq!(
            (first.0.to_string(), first.1.to_string()),
            ("2026-01-01".into(), "2026-06-30".into())
        );
        assert_eq!(
            (second.0.to_string(), second.1.to_string()),
            ("2026-07-01".into(), "2026-12-31".into())
        );
        assert!(!HalfYear { year: 2026, half: 3 }.is_valid());
    }
}

/// The lines above the table: index, periodicity and reporting period of the form.
pub fn head_lines(language: FormLanguage, period_text: &str) -> Vec<String> {
    match language {
        FormLanguage::Ru => vec![
            "Форма, предназначенная для сбора административных данных".to_owned(),
            "Индекс формы административных данных: ОДКЦ".to_owned(),
            "Периодичность: полугодовая".to_owned(),
            format!("Отчетный период: {period_text}"),
        ],
        FormLanguage::Kk => vec![
            "Әкімшілік деректерді жинауға арналған нысан".to_owned(),
            "Әкімшілік деректер нысанының индексі: БОҚЕ-01".to_owned(),
            "Кезеңділігі: жартыжылдық".to_owned(),
            format!("Есепті кезең: {period_text}"),
        ],
    }
}

/// The address part under the table, with blanks to sign.
pub fn address_lines(language: FormLanguage) -> Vec<String> {
    let lines: &[&str] = match language {
        FormLanguage::Ru => &[
            "Адресная часть",
            "Наименование _____",
            "Адрес _____",
            "Телефон _____",
            "Адрес электронной почты _____",
            "Исполнитель _____ (фамилия, имя и отчество (при его наличии), подпись, телефон)",
            "Руководитель или лицо, исполняющее его обязанности _____ (фамилия, имя и отчество (при его наличии), подпись)",
        ],
        FormLanguage::Kk => &[
            "Мекенжай бөлігі",
            "Атауы _____",
            "Мекенжайы _____",
            "Телефоны _____",
            "Электрондық пошта мекенжайы _____",
            "Орындаушы _____ (тегі, аты және әкесінің аты (бар болған жағдайда), қолы, телефон)",
            "Басшы немесе оның міндетін атқарушы тұлға _____ (тегі, аты және әкесінің аты (бар болған жағдайда), қолы)",
        ],
    };
    lines.iter().map(|l| (*l).to_owned()).collect()
}
