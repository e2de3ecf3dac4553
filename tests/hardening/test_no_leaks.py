"""No personal data outside the encrypted vault (issue 8, "No leaks": the marker scan).

The marker scan runs a real session: a vault unlocked in the real windows, every kind of free
text written with a unique marker through the services the windows use, a case opened, a
support plan previewed, a copy to the clipboard, a failing job, then Ctrl+L. Logging runs at
DEBUG with SQLAlchemy's engine logger on (it logs bound parameters and rows), through the same
redacting set-up `waypost` installs at start-up. Then every byte written to the vault folder,
the temporary folder, the settings folders and the logs is searched for each marker, in UTF-8
and UTF-16-LE, in any letter case. The scanner is proven first on a planted file.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop import log_redaction, vault
from desktop.app import AppController
from desktop.log_redaction import REDACTED, configure_logging
from desktop.session import create_session
from desktop.settings import AppSettings
from desktop.settings_file import SettingsFile
from models import dto
from models.enums import (
    AssessmentKind,
    CaseKind,
    ContactKind,
    CourtEventKind,
    OperationLocation,
    PaymentMethod,
    PurchaseCategory,
    PurchaseStatus,
    RecoveryDomain,
    ReferralSource,
)
from ui.operations import GENERIC_FAILURE_MESSAGE, SynchronousWorker

PASSPHRASE = "lantern orchard velvet ninety"

# --- The scanner --------------------------------------------------------------------------------


def _needles(marker: str) -> set[bytes]:
    forms = {marker, marker.lower(), marker.upper(), marker.casefold()}
    return {form.encode(encoding) for form in forms for encoding in ("utf-8", "utf-16-le")}


@dataclass
class ScanResult:
    files: int = 0
    bytes: int = 0
    found: list[tuple[str, str]] = field(default_factory=list)  # (where, marker)


def scan(markers: dict[str, str], folders: list[Path], texts: dict[str, str]) -> ScanResult:
    """Search every file under ``folders`` and every text for every marker."""
    result = ScanResult()
    needles = {marker: _needles(marker) for marker in markers.values()}
    blobs: list[tuple[str, bytes]] = [(name, text.encode("utf-8")) for name, text in texts.items()]
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            blobs.append((str(path), path.read_bytes()))
    for where, blob in blobs:
        result.files += 1
        result.bytes += len(blob)
        lowered = blob.lower()  # ASCII letters in any case, in both encodings
        for marker, forms in needles.items():
            if any(form in blob or form.lower() in lowered for form in forms):
                result.found.append((where, marker))
    return result


def test_the_scanner_finds_a_planted_marker_in_any_encoding_and_case(tmp_path: Path) -> None:
    markers = {"name": "Wpmk" + secrets.token_hex(4), "accented": "Łucja" + secrets.token_hex(3)}
    (tmp_path / "nested").mkdir()
    assert scan(markers, [tmp_path], {}).found == []
    (tmp_path / "nested" / "plain.txt").write_bytes(b"x" + markers["name"].upper().encode())
    (tmp_path / "wide.bin").write_bytes(markers["accented"].encode("utf-16-le"))
    result = scan(markers, [tmp_path], {"log": "..." + markers["name"].lower()})
    assert sorted(result.found) == sorted(
        [
            (str(tmp_path / "nested" / "plain.txt"), markers["name"]),
            (str(tmp_path / "wide.bin"), markers["accented"]),
            ("log", markers["name"]),
        ]
    )
    assert result.files == 3


# --- The session --------------------------------------------------------------------------------


def _markers() -> dict[str, str]:
    def mark(tag: str) -> str:
        return f"Wpmk{tag}{secrets.token_hex(4)}"

    names = [
        *("given", "family", "known", "knownasgui", "dependant", "address", "summary"),
        *("operation", "crime", "contact", "supplier", "purpose", "priorities", "safety"),
        *("goal", "action", "who", "interpreter", "survivornote", "navigatornote"),
        *("assessgoal", "responder", "vcc", "court", "courtop", "cps", "charge", "reason"),
        *("navigator", "organisation", "opnotes", "lead", "relationship"),
    ]
    markers = {name: mark(name) for name in names}
    markers["family"] = "Łukasiewiczówna" + secrets.token_hex(3)  # non-ASCII, for UTF-16
    markers["email"] = f"wpmk.{secrets.token_hex(4)}@example.org"
    markers["workemail"] = f"wpmk.{secrets.token_hex(4)}@example.net"
    markers["phone"] = "07700 9" + str(secrets.randbelow(10**5)).zfill(5)
    markers["defendant"] = "DZ" + secrets.token_hex(3)
    return markers


def _write_everything(services, m: dict[str, str], today: date) -> tuple[int, int]:
    opened = today - timedelta(days=60)
    case = services.create_case(
        dto.NewCase(
            fields=dto.CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=opened,
                referral_source=ReferralSource.POLICE_FORCE,
                police_force="Kent Police",
                operation_name=m["operation"],
                crime_reference=m["crime"],
                summary=m["summary"],
            ),
            person=dto.PersonFields(
                given_names=m["given"],
                family_name=m["family"],
                known_as=m["known"],
                phone=m["phone"],
                email=m["email"],
                safe_address=m["address"],
                dependants=(dto.DependantDTO(name=m["dependant"]),),
            ),
        )
    )
    services.add_contact(
        case.id, dto.ContactDraft(opened, ContactKind.VISIT, f"Met at home. {m['contact']}")
    )
    services.record_purchase(
        dto.PurchaseDraft(
            purchased_on=today - timedelta(days=5),
            category=PurchaseCategory.TRAVEL,
            amount_pence=12_50,
            payment_method=PaymentMethod.CARD,
            status=PurchaseStatus.PAID,
            supplier=m["supplier"],
            purpose=m["purpose"],
            case_id=case.id,
        ),
        confirm_overspend=True,
    )
    draft = services.start_plan_draft(case.id)
    content = dto.PlanDraftDTO(
        interpreter_language="ar",
        interpreter_name_or_agency=m["interpreter"],
        survivor_priorities=m["priorities"],
        safety_plan=m["safety"],
        goals=(
            dto.PlanGoalDTO(
                RecoveryDomain.MENTAL_HEALTH,
                m["goal"],
                today + timedelta(days=60),
                (dto.PlanActionDTO(m["action"], m["who"], today + timedelta(days=20)),),
            ),
        ),
    )
    saved = services.save_plan_draft(draft.id, draft.version, content)
    agreed = services.agree_plan(saved.id, saved.version, today, True)
    services.record_assessment(
        case.id,
        dto.AssessmentDraft(
            AssessmentKind.INTAKE,
            opened + timedelta(days=3),
            tuple(
                dto.DomainScoreDTO(
                    domain=domain,
                    survivor_score=3,
                    navigator_score=2,
                    survivor_note=m["survivornote"],
                    navigator_note=m["navigatornote"],
                    goal=m["assessgoal"],
                )
                for domain in RecoveryDomain
            ),
        ),
    )
    services.save_nrm(
        case.id,
        dto.NrmDraft(
            referred_on=opened,
            first_responder=m["responder"],
            consent_given=True,
            consent_on=opened,
            vcc_start=opened,
            vcc_provider=m["vcc"],
        ),
    )
    court = services.create_court_case(
        dto.CourtCaseDraft(
            court_name=m["court"],
            police_force="Kent Police",
            operation=m["courtop"],
            cps_reference=m["cps"],
        ),
        [case.id],
    )
    services.add_defendant(court.id, dto.DefendantDraft(m["defendant"], (m["charge"],)))
    services.add_court_event(
        court.id, CourtEventKind.FIRST_APPEARANCE, today + timedelta(days=9), reason=m["reason"]
    )
    services.save_navigator_profile(
        dto.NavigatorProfileDTO(m["navigator"], m["organisation"], "", m["workemail"])
    )
    services.record_operation(
        dto.OperationDraft(
            today - timedelta(days=2), OperationLocation.PORT, m["lead"], notes=m["opnotes"]
        )
    )
    services.record_family_support(
        case.id, dto.FamilySupportDraft(opened, 1, relationship=m["relationship"])
    )
    return case.id, agreed.id


@pytest.fixture
def private_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    places = {name: tmp_path / name for name in ("vault", "config")}
    for folder in places.values():
        folder.mkdir()
    # Everything the process puts in "the temp folder" during the test lands here. Short, at
    # the top of the real temp folder: a local socket's path must fit in 108 bytes.
    places["tmp"] = Path(tempfile.mkdtemp(prefix="wpt-"))
    monkeypatch.setenv("TMPDIR", str(places["tmp"]))
    monkeypatch.setattr(tempfile, "tempdir", str(places["tmp"]))
    yield places
    shutil.rmtree(places["tmp"], ignore_errors=True)


@pytest.fixture
def redacted_logging(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):
    """`waypost`'s start-up logging, at DEBUG, with SQLAlchemy's engine logging switched on."""
    monkeypatch.setenv(log_redaction.DEBUG_ENV, "1")  # WAYPOST_DEBUG=1: the most there is
    caplog.set_level(logging.DEBUG)
    engine_log = logging.getLogger("sqlalchemy.engine")
    before = engine_log.level
    engine_log.setLevel(logging.DEBUG)  # SQL, bound parameters and result rows
    handler = configure_logging()  # also puts the redacting filter on caplog's handlers
    yield caplog
    engine_log.setLevel(before)
    logging.getLogger().removeHandler(handler)


def test_a_whole_session_leaves_no_marker_outside_the_vault(
    qtbot, private_places, redacted_logging, capfd, memory_keyring
) -> None:
    from PySide6.QtGui import QGuiApplication

    from ui.plan.print_preview import open_plan_preview

    markers = _markers()
    folder = private_places["vault"] / "v"
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    session.close()
    controller = AppController(
        vault_folder=folder,
        demo=False,
        settings=AppSettings(SettingsFile(private_places["config"] / "settings.json")),
        worker=SynchronousWorker(),
        keyring_backend=memory_keyring,
    )
    controller.start()
    passphrase = controller.unlock_window.findChild(QLineEdit, "passphraseEdit")
    passphrase.setText(PASSPHRASE)
    passphrase.returnPressed.emit()
    main, services = controller.main_window, controller.session.services
    assert main is not None
    case_id, plan_version = _write_everything(services, markers, services.ctx.today())

    # The navigator opens the case, types a new known-as name and saves it (Ctrl+S's path).
    main.open_case(case_id)
    workspace = main.case_tabs.currentWidget()
    workspace.show_tab("details")
    known = next(f for f in main.findChildren(QLineEdit) if f.text() == markers["known"])
    known.setText(markers["knownasgui"])
    workspace.save()
    assert services.open_case(case_id).person.fields.known_as == markers["knownasgui"]
    # ...copies the name, previews the support plan, and a job fails quoting the survivor.
    known.selectAll()
    known.copy()
    shown: list = []
    open_plan_preview(main, services, controller.worker, plan_version, on_shown=shown.append)
    assert shown and shown[0].page_count() >= 1
    shown[0].close()

    def failing_job() -> None:
        raise RuntimeError(f"{markers['given']} <{markers['email']}> {markers['phone']}")

    controller.worker.submit(failing_job)
    # A backup (Settings' "Back up now" and `waypost backup` call this), to scan as well.
    from desktop.backups import default_backup_folder, take_backup

    take_backup(controller.session.store, folder, default_backup_folder(folder), reason="manual")
    # While the vault is open its WAL and shared-memory files exist: scan them now too.
    live = scan(markers, [folder], {})
    live_files = sorted(p.name for p in folder.rglob("*") if p.is_file())
    assert "waypost.db-wal" in live_files
    assert live.found == []
    assert main.statusBar().currentMessage() == GENERIC_FAILURE_MESSAGE
    logging.getLogger("desktop.test").warning("failed for %s", RuntimeError(markers["given"]))

    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    qtbot.keyClick(main.focusWidget() or main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.session is None
    controller.shutdown()
    controller.unlock_window.close()
    assert QGuiApplication.clipboard().text() == ""  # the lock cleared the copy

    captured = capfd.readouterr()
    caplog = redacted_logging
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records), "SQL was logged"
    assert REDACTED in caplog.text
    texts = {
        "log (caplog)": caplog.text,
        "log records": "\n".join(f"{r.getMessage()}\n{r.exc_text or ''}" for r in caplog.records),
        "stderr": captured.err,
        "stdout": captured.out,
    }
    folders = [
        private_places["vault"],
        private_places["tmp"],
        private_places["config"],
        Path(os.environ["XDG_CONFIG_HOME"]),  # QSettings (dialog sizes), this run only
    ]
    # The scan works on this very layout: a marker planted in the vault folder is found.
    planted = folder / "planted.txt"
    planted.write_text(f"oops {markers['given']}", encoding="utf-8")
    assert (str(planted), markers["given"]) in scan(markers, folders, texts).found
    planted.unlink()

    result = scan(markers, folders, texts)
    per_place = {str(f): scan(markers, [f], {}) for f in folders}
    print(
        "\n" + "\n".join(f"  {p}: {r.files} files, {r.bytes} bytes" for p, r in per_place.items())
    )
    vault_files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    print(
        f"\nmarker scan: {len(markers)} markers; while open {live.files} vault files, "
        f"{live.bytes} bytes ({live_files}); after lock {result.files} files and texts, "
        f"{result.bytes} bytes (vault: {vault_files}); "
        f"markers found: {len(live.found) + len(result.found)}"
    )
    assert result.found == []
    assert any(name.startswith("backups") for name in vault_files)
    assert result.files > 5 and result.bytes > 100_000
