"""The Celery app: the same tasks in embedded mode and in production.

Production (``REDIS_URL`` set, or ``CELERY_BROKER_URL``) uses Redis as the
broker. Embedded mode needs no service: kombu's filesystem transport keeps
the queue as files in the data directory, and ``quicklooks worker`` (or the
worker ``quicklooks serve`` starts beside itself) consumes it. Beat runs
inside the worker (``-B``) so polling saved sources and publishing scheduled
stories happen on time with nothing else to start.

Tasks acknowledge late: a worker killed mid-task leaves its message to be
delivered again, and every task is idempotent, so the rerun is harmless.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quicklooks.settings.embedded")

app = Celery("quicklooks")


def _start_job_clean(**kwargs) -> None:
    # A worker thread runs job after job. Without this, one job's write
    # would send every later job's reads to the primary for the life of
    # the worker, and the replicas would carry none of the workers' load.
    from quicklooks import replicas

    replicas.forget_writes()


task_prerun.connect(_start_job_clean, weak=False, dispatch_uid="quicklooks.celery.start_job_clean")


def broker_settings() -> dict:
    from django.conf import settings

    url = os.environ.get("CELERY_BROKER_URL", "").strip() or os.environ.get("REDIS_URL", "").strip()
    if url:
        visibility = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600"))
        return {
            "broker_url": url,
            # Unacknowledged tasks of a killed worker come back after this many seconds.
            "broker_transport_options": {
                "visibility_timeout": visibility,
                # Look for the unacknowledged tasks of dead workers about ten times per visibility timeout.
                "unacked_restore_interval": max(1, visibility // 10),
                "unacked_restore_throttle": 1,
            },
        }
    if not getattr(settings, "QUICKLOOKS_EMBEDDED", False):
        # The site itself can serve without a broker; require_broker() stops
        # the worker and anything that queues a job, naming the variable.
        return {"broker_url": None}
    queue = settings.DATA_DIR / "queue"
    for folder in ("in", "processed", "control"):
        (queue / folder).mkdir(parents=True, exist_ok=True)
    return {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(queue / "in"),
            "data_folder_out": str(queue / "in"),
            "processed_folder": str(queue / "processed"),
            "store_processed": False,
            # kombu keeps its exchange tables in ./control by default: in the
            # current directory, wherever the command happened to start.
            "control_folder": str(queue / "control"),
        },
    }


def configure() -> None:
    from django.conf import settings

    app.conf.update(
        **broker_settings(),
        # One queue name per deployment; tests and benchmarks sharing a Redis server pick their own.
        task_default_queue=os.environ.get("QUICKLOOKS_QUEUE", "quicklooks"),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        timezone=settings.TIME_ZONE,
        beat_schedule_filename=str(settings.DATA_DIR / "celerybeat-schedule"),
        beat_schedule={
            "poll-due-sources": {"task": "quicklooks.ingest.tasks.poll_due_sources", "schedule": 30.0},
            "publish-due-stories": {"task": "quicklooks.desk.tasks.publish_due_stories", "schedule": 15.0},
            # Newsletters: start editions whose daily time has come, resume stopped sends.
            "send-due-newsletters": {"task": "quicklooks.newsletters.tasks.send_due_editions", "schedule": 60.0},
            "send-queued-mail": {"task": "quicklooks.accounts.tasks.send_queued_mail", "schedule": 60.0},
        },
        task_always_eager=os.environ.get("QUICKLOOKS_TASKS_EAGER", "") == "1",
        worker_hijack_root_logger=False,
    )
    app.autodiscover_tasks(["quicklooks.ingest", "quicklooks.desk", "quicklooks.newsletters", "quicklooks.accounts"])


_configured = False


def require_broker() -> None:
    """Fail loudly when production has no broker, instead of Celery's silent default of amqp://localhost."""
    if not ready_app().conf.broker_url:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Background jobs need a broker in production: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)."
        )


def enqueue(task, *args, **options):
    """Queue ``task``; ``countdown``/``eta`` go through to apply_async."""
    require_broker()
    return task.apply_async(args=args, **options)


def ready_app() -> Celery:
    """The app with Django set up and the broker chosen (call after django.setup())."""
    global _configured
    if not _configured:
        configure()
        _configured = True
    return app
