//! OpenAPI schemas (feature `utoipa`) of the domain types whose JSON is written by hand rather than derived: codes,
//! dates and months are strings, an Inpres area is its number, and a classification is the contract's object. The
//! derived schemas of the other types sit on their definitions (`cfg_attr(feature = "utoipa", …)`), so that a field
//! added there is described where it is added.

use crate::classification::{Class, Classification, Indices, Measurement, Next};
use crate::date::Date;
use crate::kampung::{InpresArea, YearMonth};
use crate::region::RegionCode;
use std::borrow::Cow;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

type Schemas = Vec<(String, RefOr<Schema>)>;

fn string(description: &str, pattern: Option<&str>, example: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).description(Some(description)).pattern(pattern).examples([example])
}

impl PartialSchema for Date {
    fn schema() -> RefOr<Schema> {
        string("A date, YYYY-MM-DD.", None, "2026-03-01")
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .into()
    }
}

impl ToSchema for Date {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Date")
    }
}

impl PartialSchema for RegionCode {
    fn schema() -> RefOr<Schema> {
        let pattern = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$";
        string("A Kemendagri region code, dotted: province (17), kabupaten/kota (17.01), kecamatan (17.01.01) or desa/kelurahan (17.01.01.2001).", Some(pattern), "17.01.01.2001").into()
    }
}

impl ToSchema for RegionCode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("RegionCode")
    }
}

impl PartialSchema for YearMonth {
    fn schema() -> RefOr<Schema> {
        string("A calendar month, YYYY-MM.", Some(r"^\d{4}-\d{2}$"), "2026-03").into()
    }
}

impl ToSchema for YearMonth {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("YearMonth")
    }
}

impl PartialSchema for InpresArea {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .description(Some(
                "The Inpres 3/2022 programme area: 1 family data and population documents, 2 behaviour change, \
                 3 services and referral, 4 the family's environment.",
            ))
            .minimum(Some(1))
            .maximum(Some(4))
            .into()
    }
}

impl ToSchema for InpresArea {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("InpresArea")
    }
}

/// A map from indicator id to `value`'s schema.
fn by_indicator(value: RefOr<Schema>, description: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Object).additional_properties(Some(value)).description(Some(description))
}

impl PartialSchema for Classification {
    fn schema() -> RefOr<Schema> {
        let boolean = || ObjectBuilder::new().schema_type(Type::Boolean);
        let high = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("Which indices are high."))
            .property("input", boolean())
            .property("proses", boolean())
            .property("output", boolean())
            .required("input")
            .required("proses")
            .required("output");
        let score = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The classification of a Kampung KB: the output of `kampungkb classify` (docs/classification.md).",
            ))
            .property("indicators", by_indicator(score.into(), "The score of every indicator, by indicator id."))
            .property("indices", RefOr::Ref(utoipa::openapi::Ref::from_schema_name(Indices::name())))
            .property("class", RefOr::Ref(utoipa::openapi::Ref::from_schema_name(Class::name())))
            .property(
                "next",
                utoipa::openapi::schema::OneOfBuilder::new()
                    .item(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(Next::name())))
                    .item(ObjectBuilder::new().schema_type(Type::Null))
                    .description(Some("The nearest better class and what reaches it; null for Berkelanjutan.")),
            )
            .property("high", high)
            .property(
                "values",
                by_indicator(
                    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(Measurement::name())),
                    "What every indicator measured, by indicator id.",
                ),
            )
            .property("rules", ObjectBuilder::new().schema_type(Type::String).description(Some("The rules' id.")))
            .required("indicators")
            .required("indices")
            .required("class")
            .required("next")
            .required("high")
            .required("values")
            .required("rules")
            .into()
    }
}

impl ToSchema for Classification {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Classification")
    }

    fn schemas(schemas: &mut Schemas) {
        schemas.push((Indices::name().into(), Indices::schema()));
        schemas.push((Class::name().into(), Class::schema()));
        schemas.push((Next::name().into(), Next::schema()));
        schemas.push((Measurement::name().into(), Measurement::schema()));
        <Indices as ToSchema>::schemas(schemas);
        <Next as ToSchema>::schemas(schemas);
        <Measurement as ToSchema>::schemas(schemas);
    }
}
