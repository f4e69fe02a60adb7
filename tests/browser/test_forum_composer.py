"""End to end, in Chromium: the forum's composer. A member types a draft, selects words of a
post and clicks « Citer »: the quote is inserted at the cursor, the draft kept, the page not
reloaded; « Citer » on a post with nothing selected quotes it whole. The toolbar formats the
selection (mouse and keyboard), @mention suggestions make the text area a combobox, a pasted
image asks for its « Texte alternatif » and is published with it, and « Discussions
similaires » appear under a new thread's title. axe-core finds nothing serious on the thread
page and the new-thread page."""

import base64
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from forum.models import Attachment, Post
from forum.tests.factories import CategoryFactory, ThreadFactory
from forum.tests.utils import reply
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

QUESTION = "Nous avons signé une convention avec la CAF. Le délai était de trois mois."


def _png_base64() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _select_words(page, post_id: int, words: str) -> None:
    """Select ``words`` in the text of a post, as a person would with the mouse."""
    page.evaluate(
        """([selector, words]) => {
            const body = document.querySelector(selector);
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(words);
                if (at !== -1) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + words.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return;
                }
            }
            throw new Error("words not found");
        }""",
        [f"#message-{post_id} .czn-post", words],
    )


def _paste_image(page, name: str) -> None:
    page.evaluate(
        """([data, name]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "image/png" }));
            const box = document.querySelector("textarea[name=text]");
            const paste = { clipboardData: transfer, bubbles: true, cancelable: true };
            box.dispatchEvent(new ClipboardEvent("paste", paste));
        }""",
        [_png_base64(), name],
    )


def quote_keeps_the_draft(page, main, box, first, answer):
    box.fill("Mon brouillon.")
    page.evaluate("window.pasRecharge = true")
    _select_words(page, first.pk, "une convention avec la CAF")
    main.get_by_role("button", name="Citer le message d’Anne Auteure").click()
    expect(box).to_have_value(
        "Mon brouillon.\n\n> Anne Auteure a écrit :\n>\n> une convention avec la CAF\n"
    )
    expect(box).to_be_focused()
    # Nothing selected in Bruno's post: the whole post, at the cursor (the end of the text).
    main.get_by_role("button", name="Citer le message de Bruno Répond").click()
    expect(box).to_have_value(
        re.compile(
            r"> une convention avec la CAF\n\n> Bruno Répond a écrit :\n>\n"
            r"> Trois mois aussi chez nous\.\n$"
        )
    )
    assert page.evaluate("window.pasRecharge") is True  # no reload
    assert Post.objects.filter(thread=answer.thread).count() == 2  # nothing published


def toolbar_formats_the_selection(page, main, box):
    box.fill("Un mot important")
    box.evaluate("(box) => box.setSelectionRange(7, 16)")
    toolbar = main.get_by_role("toolbar", name="Mise en forme du message")
    toolbar.get_by_role("button", name="Gras").click()
    expect(box).to_have_value("Un mot **important**")
    # Keyboard: one tab stop, the arrow keys move in the toolbar.
    box.evaluate("(box) => box.setSelectionRange(3, 6)")
    toolbar.get_by_role("button", name="Gras").focus()
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Italique")).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_have_value("Un *mot* **important**")
    box.evaluate("(box) => box.setSelectionRange(0, box.value.length)")
    toolbar.get_by_role("button", name="Citation").click()
    expect(box).to_have_value("> Un *mot* **important**\n")


def mentions_make_a_combobox(page, box):
    box.fill("")
    box.press_sequentially("Merci @lea", delay=30)
    listbox = page.get_by_role("listbox", name="Personnes à mentionner")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", re.compile(r"mentions$"))
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"mentions-0$"))
    page.keyboard.press("Enter")
    expect(box).to_have_value("Merci @lea.martin ")
    expect(box).not_to_have_attribute("role", "combobox")


def pasted_image_asks_for_its_alt_text(page, main, box, thread):
    box.fill("Voici notre tableau de bord.")
    _paste_image(page, "capture.png")
    dialog = page.get_by_role("dialog", name="Texte alternatif")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Joindre l’image").click()
    expect(dialog).to_contain_text("Décrivez l’image en quelques mots avant de la joindre.")
    dialog.get_by_label(re.compile(r"^Texte alternatif")).fill("Tableau des demandes par mois")
    dialog.get_by_role("button", name="Joindre l’image").click()
    expect(dialog).to_be_hidden()
    alt_field = main.get_by_role("textbox", name="Texte alternatif de l’image 1", exact=True)
    expect(alt_field).to_have_value("Tableau des demandes par mois")
    main.get_by_role("button", name="Publier la réponse").click()
    expect(main).to_contain_text("Votre réponse est publiée.")
    image = Attachment.objects.get(post__thread=thread)
    assert image.alt_text == "Tableau des demandes par mois"
    expect(main.get_by_role("img", name="Tableau des demandes par mois")).to_be_visible()


def similar_threads_under_the_title(page, base, category):
    page.goto(f"{base}/forum/{category.slug}/nouvelle/")
    assert_accessible(page, "new thread form")
    main = page.locator("main")
    main.get_by_role("textbox", name=re.compile(r"^Titre de la discussion")).fill(
        "Quelle convention signer avec la CAF ?"
    )
    similar = main.locator("[data-forum-similar]")
    expect(similar).to_have_attribute("aria-live", "polite")
    expect(similar.get_by_role("link", name="Délais de la CAF pour la convention")).to_be_visible()
    expect(similar).not_to_contain_text("Sujet réservé aux référents")
    assert_accessible(page, "new thread form with similar threads")


def test_composer(site, page):
    base = site.url
    category = CategoryFactory(name="Entraide", slug="entraide")
    private = CategoryFactory(name="Référents", slug="referents", visibility="referents")
    author = UserFactory(first_name="Anne", last_name="Auteure", old=True)
    thread = ThreadFactory(
        author=author, category=category, title="Délais de la CAF pour la convention", text=QUESTION
    )
    ThreadFactory(
        author=UserFactory(is_superuser=True, old=True),
        category=private,
        title="Sujet réservé aux référents CAF convention",
    )
    answer = reply(
        thread,
        UserFactory(first_name="Bruno", last_name="Répond", old=True),
        "Trois mois aussi chez nous.",
    )
    UserFactory(first_name="Léa", last_name="Martin", old=True)
    member = UserFactory(old=True)
    first = thread.posts.get(is_first=True)

    log_in(page, base, member.email)
    page.goto(f"{base}/forum/discussion/{thread.pk}/")
    assert_accessible(page, "thread page")
    main = page.locator("main")
    box = main.get_by_label("Votre réponse")
    quote_keeps_the_draft(page, main, box, first, answer)
    toolbar_formats_the_selection(page, main, box)
    mentions_make_a_combobox(page, box)
    assert_accessible(page, "thread page with the composer in use")
    pasted_image_asks_for_its_alt_text(page, main, box, thread)
    similar_threads_under_the_title(page, base, category)
