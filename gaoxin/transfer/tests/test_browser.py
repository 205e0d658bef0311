"""The import page in real Chromium with the job run by a worker (on a thread here): the page shows the progress bar,
polls it, and swaps in the outcome when the job is done."""

import threading

import pytest

from gaoxin.transfer import jobs
from gaoxin.transfer.choices import JobPhase

from .test_jobs import BAD, GOOD, HEADER, Hold, run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_page_polls_the_progress_and_then_shows_the_errors(
    page, login, users, settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    held, phase = Hold(), jobs.JobProgress.phase

    def held_phase(self, name, total=0):
        phase(self, name, total)
        if name == JobPhase.VALIDATING:
            held()

    monkeypatch.setattr(jobs.JobProgress, "phase", held_phase)
    path = tmp_path / "企业.csv"
    path.write_text("\n".join([HEADER, *GOOD, BAD, ""]), encoding="utf-8")
    worker = threading.Thread(target=run_worker, args=(1,), daemon=True)
    worker.start()
    login("leader")
    page.goto(page.base_url + "/transfer/import/?kind=enterprises")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")

    def bar_shows_the_phase():
        page.wait_for_selector("#job .progress")
        from playwright.sync_api import expect

        expect(page.locator("#job-phase")).to_contain_text("正在校验")  # at the page's next poll
        assert page.locator("#job-rows").inner_text() == "已处理 0 / 3 行"

    held.wait_then(bar_shows_the_phase)
    page.wait_for_selector("#import-errors")  # swapped in by the poll, no reload
    worker.join(30)
    assert page.locator("#job .progress").count() == 0
    row = page.locator("#import-errors tbody tr").first.inner_text()
    assert "4" in row and "注册资本" in row and "不是有效的金额" in row
