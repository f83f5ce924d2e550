//! The capture store on SQLite and PostgreSQL: a submission is claimed once by its instanceID, kept sealed with
//! its attachments, its fate recorded and listed by region, status and sender; the families of a region for the
//! phones' media files; the users' sealed Digest secrets.

mod common;

use common::*;
use kkb_domain::access::Role;
use kkb_store::{Attachment, NewSubmission, NewUser, Outcome, SubmissionFilter};

fn new<'a>(id: &'a str, village: &'a str, xml: &'a [u8], att: &'a [Attachment]) -> NewSubmission<'a> {
    NewSubmission {
        instance_id: id,
        form_id: "pk-keluarga",
        form_version: "5b3b367a7c",
        village,
        year: Some(2021),
        family_id: "",
        deprecates: "",
        user_id: None,
        username: "kader",
        instance: xml,
        attachments: att,
    }
}

#[test]
fn submissions_are_claimed_once_sealed_and_listed() {
    for b in backends() {
        let s = b.store();
        let att = [Attachment { name: "foto.jpg".into(), content_type: "image/jpeg".into(), bytes: vec![1, 2, 3] }];
        let xml = b"<pk-keluarga><nik>1701011705800001</nik></pk-keluarga>";
        let first = s.receive_submission(&new("uuid:a", "17.71.01.1001", xml, &att)).unwrap().unwrap();
        assert_eq!((first.status.as_str(), first.problems.as_str()), ("received", "[]"));
        // The same instanceID again: the earlier one comes back, nothing new is recorded.
        let again = s.receive_submission(&new("uuid:a", "17.71.01.1001", b"<other/>", &[])).unwrap();
        assert_eq!(again.unwrap_err().id, first.id);
        assert_eq!(s.submission_instance(first.id).unwrap(), xml);
        assert_eq!(s.submission_attachments(first.id).unwrap(), att);
        s.receive_submission(&new("uuid:b", "17.71.02.1001", b"<x/>", &[])).unwrap().unwrap();
        s.receive_submission(&new("uuid:c", "17.02.01.2001", b"<x/>", &[])).unwrap().unwrap();
        let outcome = Outcome {
            status: "review",
            problems: "[{\"field\":\"rw\",\"code\":\"failed\"}]",
            family_id: "F1",
            applied_version: None,
            decided_by: None,
            note: "",
        };
        s.set_submission_outcome(first.id, &outcome).unwrap();
        let within = |code: &str, status: Option<&str>| {
            let f = SubmissionFilter { within: Some(common::code(code)), status, limit: 100, ..Default::default() };
            s.submissions(&f).unwrap().into_iter().map(|x| x.instance_id).collect::<Vec<_>>()
        };
        assert_eq!(within("17.71", None), ["uuid:b", "uuid:a"], "newest first, within the region");
        assert_eq!(within("17.71", Some("review")), ["uuid:a"]);
        assert_eq!(within("17.71.01", None), ["uuid:a"]);
        assert_eq!(within("17", None).len(), 3);
        let a = s.submission_by_instance("uuid:a").unwrap().unwrap();
        assert_eq!((a.family_id.as_str(), a.decided_at.is_some()), ("F1", true));
        let counts = s.submission_counts(Some(common::code("17.71"))).unwrap();
        assert_eq!(counts, [("received".to_string(), 1), ("review".to_string(), 1)]);
        assert!(s.set_submission_outcome(999_999, &outcome).is_err());
    }
}

#[test]
fn digest_secrets_are_sealed_and_forgotten_with_the_password() {
    for b in backends() {
        let s = b.store();
        let u = s
            .create_user(&NewUser {
                username: "Kader.Satu",
                display_name: "Kader",
                role: Role::Kader,
                scope: "17.71.01.1001",
                agency: None,
                password_hash: "$argon2id$x",
            })
            .unwrap();
        assert_eq!(s.digest_secret(u.id).unwrap(), None);
        s.set_digest_secret(u.id, b"0123456789abcdef").unwrap();
        assert_eq!(s.digest_secret(u.id).unwrap().as_deref(), Some(&b"0123456789abcdef"[..]));
        s.set_password_hash(u.id, "$argon2id$y").unwrap();
        assert_eq!(s.digest_secret(u.id).unwrap(), None, "a new password forgets the old Digest secret");
        assert!(s.set_digest_secret(999_999, b"x").is_err());
    }
}

#[test]
fn the_families_of_a_region_for_the_media_files() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 400, 5, 2021);
        s.import_round(&fams, "test").unwrap();
        let village = fams[0].key.village;
        let district = village.parent().unwrap();
        let got = s.families_within(district, &[2021]).unwrap();
        let expected = fams.iter().filter(|f| f.key.village.is_within(district)).count();
        assert_eq!(got.len(), expected);
        assert!(got.windows(2).all(
            |w| (w[0].summary.village, &w[0].summary.family_id) <= (w[1].summary.village, &w[1].summary.family_id)
        ));
        let one =
            got.iter().find(|f| f.summary.family_id == fams[0].key.family_id && f.summary.village == village).unwrap();
        assert_eq!(one.people.len(), fams[0].people.len());
        assert_eq!(s.family_version(2021, village, &fams[0].key.family_id).unwrap(), Some(one.summary.version));
        assert_eq!(s.families_within(district, &[2030]).unwrap().len(), 0);
    }
}
