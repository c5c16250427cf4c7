"""Training: the exercises with self-checks and the playbook as a browsable site."""
