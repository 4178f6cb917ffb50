"""My work across cases: the action-plan items and meetings of the signed-in person."""
