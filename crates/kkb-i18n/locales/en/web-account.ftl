### Logging in, passwords, the second factor, API tokens and refused requests.

web-nav-account = Account

## Refused requests
web-error-step_required = Finish logging in first (two-step verification).
web-reject-form = The form could not be read
web-reject-query = The query parameters (after ?) could not be read
web-reject-path = The page address is not valid
web-reject-json = The JSON body could not be read
web-reject-multipart = The upload could not be read
web-reject-content_type = Wrong content type; send the form from the application's page
web-reject-too_large = The request body is too large
web-reject-method = This address does not accept this kind of request
web-reject-other = The request could not be read
web-reject-missing_field = the field «{ $f }» is missing
web-reject-not_a_number = the field «{ $f }» must be a number
web-reject-bad_field = the field «{ $f }» is not valid
web-reject-value_not_a_number = «{ $f }» is not a number
web-reject-bad_value = «{ $f }» is not valid
web-reject-hint = Reload the page and try again.
web-redirect-refused = Target address refused

## Passwords
web-password-too_short = The password is too short: at least { $min } characters; you typed { $n }.
web-password-too_long = The password is too long: at most { $max } characters.
web-password-common = This password is one of the most used ones (or one with digits or symbols added), so it is easy to guess. Choose a string of words only you know.
web-password-repetitive = This password only repeats one character or a short pattern, so it is easy to guess.
web-password-sequential = This password is mostly a sequence (1234…, abcd…, qwerty…), so it is easy to guess.
web-password-contains_username = The password must not contain the username.
web-password-hint = At least 12 characters. No rules about capitals, digits or symbols: a few words you remember easily make a good password. Common, repetitive or sequential passwords and passwords containing the username are refused.

## Account pages
web-account-title = Account
web-account-password = Change password
web-account-current = Current password
web-account-new = New password
web-account-confirm = Repeat the new password
web-account-save = Save
web-account-password_changed = Password changed. The account's other sessions have been ended.
web-account-current_wrong = The current password is wrong.
web-account-mismatch = The two new passwords differ.
web-account-tokens = My API tokens
web-account-tokens_note = A token acts as you, with your role and region, and every use is recorded as you. Only you can create tokens for your account; administrators can revoke them.

## Admin
web-admin-tokens_note = Every user creates their own tokens on the Account page. Here administrators see and revoke every token.
web-admin-token_for_other = Administrators cannot create tokens for other users: a token acts as its owner, so the owner creates it on the Account page.
web-admin-totp = Two-step verification
web-admin-totp_reset = Reset
web-admin-totp_reset_done = The user's two-step verification was reset; their sessions were ended.

## Second factor
web-2fa-title = Two-step verification
web-2fa-intro = After the password, logging in asks for a 6-digit code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, FreeOTP or Aegis, for example).
web-2fa-start = Set up two-step verification
web-2fa-scan = Scan this QR code with the authenticator app, or type the key into the app:
web-2fa-key = Key
web-2fa-code = The 6-digit code the app shows
web-2fa-confirm = Confirm
web-2fa-restart = Make a new key
web-2fa-on = Two-step verification is on since
web-2fa-codes_left = Recovery codes left
web-2fa-lost = Lost your phone? Log in with a recovery code, then ask an administrator to reset your two-step verification.
web-2fa-codes_title = Recovery codes
web-2fa-codes_once = Keep these codes now (print or write them down) somewhere safe: each can be used once if the phone is lost. They will not be shown again.
web-2fa-required = The operator requires two-step verification for your role. Set it up now to continue.
web-2fa-not_for_role = Two-step verification is available to administrators and province and regency/city users.
web-2fa-confirm_failed = Wrong code. Make sure the phone's clock is right, then enter the code shown now.
web-2fa-done = Two-step verification is on.
web-2fa-already_on = Two-step verification is already on for this account. If you lost your phone, ask an administrator to remove it.
web-2fa-continue = Continue
web-login-code_title = Two-step verification
web-login-code_label = The 6-digit code from your authenticator app, or a recovery code
web-login-code_submit = Verify
web-login-code_failed = Wrong or expired code. Check your phone's clock and enter the code shown now.
web-login-code_replayed = This code has already been used. Wait for the next code in the app (30 seconds at most).
