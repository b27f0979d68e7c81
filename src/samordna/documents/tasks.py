"""The task the worker runs (`samordna db_worker`): make one document."""

from django_tasks import task


@task()
def document_make(*, job_id: int) -> str:
    from .job_services import document_job_run

    return document_job_run(job_id=job_id)
