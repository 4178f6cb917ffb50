"""Network meetings: scheduling, attendance, minutes and calendar invitations."""
