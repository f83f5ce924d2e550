### The OpenRosa form server (ODK Collect) and the pages of phone submissions.

## The protocol's refusals (what ODK Collect shows the cadre).
web-or-login = Log in with your username and password.
web-or-wrong_password = Wrong username or password. Check the server settings in ODK Collect.
web-or-basic_https = A password may only be sent over HTTPS: use the https:// server address, or Digest.
web-or-digest_missing = This account is not ready for Digest yet: log in once on the website with this password, then try again.
web-or-not_found = No such form or file for your account.
web-or-rejected = The form server cannot serve this request (status { $status }); update the app or ask your officer.
web-or-internal = The server has a problem; try sending later.
web-or-version = OpenRosa version { $v } is not supported: this server speaks OpenRosa 1.0.
web-or-too_large = The submission is too large: at most { $mb } MB. Attach fewer or smaller photos.
web-or-not_multipart = The submission cannot be read ({ $detail }): send it from ODK Collect or Enketo.
web-or-no_instance = The submission holds no form (part xml_submission_file): send it again from ODK Collect.
web-or-not_xml = The form's content is damaged (not XML: { $detail }). Open the form on the phone, save it again and resend.
web-or-unknown_form = This server does not know this form ({ $detail }). Download the latest forms (Get Blank Form).
web-or-wrong_root = The form's content does not match its form ({ $detail }). Download the latest form and fill it again.
web-or-unknown_version = This version of the form is unknown to the server ({ $detail }). Download the latest forms (Get Blank Form).
web-or-no_instance_id = The form has no submission id (meta/instanceID): send it from ODK Collect.

## Answers to a submission.
web-cap-r-family = Thank you. Family { $id } is saved.
web-cap-r-assigned = Thank you. The new family is saved as number { $id }: write this number on the paper form.
web-cap-r-report = Thank you. The report of { $month } is saved.
web-cap-r-review = Received; it waits for review by an officer ({ $n } issue(s)): { $first } No need to send it again.
web-cap-r-dup_applied = This submission was received and saved before; nothing changed.
web-cap-r-dup_review = This submission was received before and waits for review.
web-cap-r-dup_rejected = This submission was received before and rejected by an officer: { $note }
web-cap-r-outside = Village { $village } is outside your region: send forms only for villages in your region.
web-cap-r-role = Your role may not send this form for this village.

## Problems.
web-cap-p-stale = The family changed since the phone's copy (version { $sent } on the phone, { $stored } stored): an officer compares and decides.
web-cap-p-family_missing = This family is not registered in this village and round.
web-cap-p-family_exists = This family id is already used by another family in this village and round.
web-cap-p-round_closed = The PK round { $year } takes no submissions.
web-cap-p-village = Unknown village code: pick it from the list.
web-cap-p-report_exists = The report of { $month } of this Kampung KB exists already: an officer decides whether to replace it.
web-cap-p-no_kampung = This village has no Kampung KB.
web-cap-p-failed = The server could not apply this submission yet; it is kept and an officer reviews it.

## Pages.
web-cap-nav_mine = Phone submissions
web-cap-queue_title = Review queue of phone submissions
web-cap-queue_intro = Submissions from ODK Collect that could not be saved directly wait here: compare them with the stored data, then apply, correct or reject them.
web-cap-mine_title = My submissions
web-cap-mine_intro = The forms you sent from a phone and their fate: saved, waiting for review, corrected or rejected.
web-cap-none = No submission matches these filters.
web-cap-none_mine = You have not sent a form from a phone yet.
web-cap-submission = Submission
web-cap-submissions = submission(s)
web-cap-status = Status
web-cap-form = Form
web-cap-all_forms = All forms
web-cap-village = Village
web-cap-all_villages = All villages
web-cap-filter = Filter
web-cap-received = Received
web-cap-sent_by = Sent by
web-cap-problems = Problems
web-cap-why = Details
web-cap-note = Note
web-cap-field = Field
web-cap-sent = Sent
web-cap-stored_version = Stored, version
web-cap-stored_report = Stored report
web-cap-nothing_stored = Stored (nothing yet)
web-cap-family = Family
web-cap-member = Member
web-cap-left = not in the submission (left or died)
web-cap-report = Monthly report
web-cap-kept = (kept, unchanged)
web-cap-apply = Apply
web-cap-correct = Correct
web-cap-reject = Reject
web-cap-decide_note = Apply: save the submission as sent over the stored data (the PK rules are still checked). Correct: change its values first. Reject: nothing is saved; the sender reads the note.
web-cap-correct_title = Correct submission
web-cap-decided = This submission has been decided already.
web-cap-note_needed = Write a note saying why it is rejected.
web-cap-ok_applied = The submission was applied and saved.
web-cap-ok_still = The submission still breaks a rule: see the problems, then correct or reject it.
web-cap-ok_rejected = The submission was rejected.
web-cap-ok_corrected = The correction was saved.
web-cap-s-received = Received
web-cap-s-applied = Applied
web-cap-s-review = Waiting for review
web-cap-s-corrected = Corrected
web-cap-s-rejected = Rejected
web-cap-s-replaced = Replaced by a new send
web-cap-s-all = All

## Phone set-up.
web-cap-setup_link = Set a phone up (ODK Collect)
web-cap-setup_title = Set a phone up for offline data collection
web-cap-setup_intro = Cadres fill the PK forms and the Kampung KB report in the ODK Collect app, with no signal, and send them when there is signal. Set each phone up once.
web-cap-setup_user = Account
web-cap-setup_show = Show
web-cap-setup_qr = ODK Collect settings QR code
web-cap-setup_no_password = This QR code holds no password: QR codes get photographed and shared. The cadre types her own password once on the phone.
web-cap-setup_manual = Or type it in
web-cap-setup_url = Server URL
web-cap-setup_username = Username
web-cap-setup_password = Password
web-cap-setup_password_note = this account's password (the same as for the website)
web-cap-setup_http = This address is not HTTPS: phones log in with Digest (the password is not sent). For Basic, serve behind HTTPS.
web-cap-setup_steps = Step by step
web-cap-step1 = Install ODK Collect (free) from the Google Play Store on the Android phone.
web-cap-step2 = Open ODK Collect, choose “Configure with QR code” and scan the QR code above. Or choose “Manually configure” and type the server URL and username.
web-cap-step3 = In Project settings → Server, type the account's password.
web-cap-step4 = Choose “Download form” and download every form: the village and family lists come with them. Repeat before going out so the family list is current.
web-cap-step5 = Fill the forms at the families' homes, with no signal. Mark them “Finalized”, then “Send finalized form” when there is signal.
web-cap-step6 = See the fate of what was sent on the My submissions page: saved, waiting for review, corrected or rejected.
