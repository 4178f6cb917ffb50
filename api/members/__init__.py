"""The group around the young person: members with join/leave history."""
