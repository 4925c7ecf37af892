"""Pure generation of a Nest.js backend plan from an MVP workspace."""
