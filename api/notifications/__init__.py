"""Notification e-mail, an optional channel (off unless ``SAMVERKA_SMTP_HOST`` is set).

Members are told that a meeting was called, moved or cancelled (with the invitation as an
.ics file) and that a new action plan was published. E-mail leaves the municipality's
control, so a mail says only what kind of notice it is, the case reference, the meeting time
and a link; everything else is read in Samverka, under the access policy.
"""
