"""What a competent engineer would model for each corpus document, written by hand.

Each expected entity lists the names that count as finding it (any spelling of them).
A case is a PRD, an architecture document, or both (a pair in one workspace).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """One workspace built from corpus documents, and the entities it should yield."""

    name: str
    prd: str | None
    architecture: str | None
    entities: tuple[tuple[str, ...], ...]


CASES = (
    Case("expensio PRD", "prd-expensio-todo-app.md", None, (("Task", "Todo"),)),
    Case("expensio architecture", None, "arch-expensio-todo-app.md", (("Todo", "Task"),)),
    Case("expensio pair", "prd-expensio-todo-app.md", "arch-expensio-todo-app.md", (("Todo", "Task"),)),
    Case("gymbuddy PRD", "prd-gymbuddy-napkin.md", None, (("WorkoutPlan", "Plan"), ("Exercise",))),
    Case("gymbuddy architecture", None, "arch-gymbuddy-ios.md", (("WorkoutPlan",), ("Exercise",))),
    Case(
        "gymbuddy pair", "prd-gymbuddy-napkin.md", "arch-gymbuddy-ios.md", (("WorkoutPlan",), ("Exercise",))
    ),
    Case(
        "nutrily PRD",
        "prd-nutrily-diet-tracker.md",
        None,
        (
            ("Food", "FoodItem"),
            ("FoodLog", "FoodEntry", "MealLog", "Meal", "LogEntry"),
            ("Reminder", "HabitReminder"),
            ("Badge", "Achievement", "AchievementBadge"),
            ("Streak",),
        ),
    ),
    Case("service booking PRD", "prd-service-booking-datamodel.md", None, (("User",), ("Booking",))),
    Case(
        "task management PRD (Korean)",
        "prd-task-management-nestjs-ko.md",
        None,
        (("User",), ("Department",), ("Task",), ("TaskAssignment",), ("TaskSubmission",), ("Comment",)),
    ),
    Case(
        "attendance architecture (Spanish)",
        None,
        "arch-attendance-app-es.md",
        (
            ("Professor", "Profesor"),
            ("Subject",),
            ("Group",),
            ("Student", "Alumno"),
            ("Enrollment",),
            ("Session",),
            ("Attendance",),
        ),
    ),
)
