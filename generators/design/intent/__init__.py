"""Understanding stories: clauses, the entities they name and the operations they need."""
