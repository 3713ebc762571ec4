"""The desk's pictures and picks: a story's lead image, the front page's lead, and authors' bios and photos.

Each is its own small form beside the story editor's, so an upload never goes
through the editor's revision and conflict checks, and works without
JavaScript (a plain multipart POST). Every change is one transaction, saved
through ``Story.save()`` / ``Author.save()`` so the page cache hears about it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quicklooks.accounts.roles import REPORTER, role_required
from quicklooks.desk import revisions
from quicklooks.desk.models import Schedule
from quicklooks.desk.permissions import can_edit, can_publish
from quicklooks.desk.views import editor_page
from quicklooks.stories import images
from quicklooks.stories.models import Author, Story
from quicklooks.text.characters import clean_controls

desk_only = role_required(REPORTER)
MAX_BIO = 2000


def _one_line(text: str, limit: int) -> str:
    return " ".join(clean_controls(text or "").split())[:limit]


def _goes_out(story: Story) -> bool:
    """Readers see it now, or will without anyone opening it again (a pending schedule)."""
    return story.status == Story.Status.PUBLISHED or Schedule.objects.filter(story=story, done_at__isnull=True).exists()


def _back_to_image(story: Story) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("desk:story", args=[story.pk]) + "#lead-image")


def _uploaded(request) -> tuple[bytes, str] | None:
    """(bytes, file name) of the uploaded picture, or None; ImageError when it is too big to read at all."""
    upload = request.FILES.get("image")
    if upload is None:
        return None
    name = _one_line(upload.name, 200) or "the uploaded file"
    if upload.size > images.MAX_BYTES:
        raise images.ImageError(
            f"{name}: the file is {upload.size:,} bytes; pictures may be up to {images.MAX_BYTES:,} bytes. Export a smaller JPEG and upload that."
        )
    return upload.read(), name


@desk_only
@require_POST
def story_image(request, pk):
    """Upload, replace or remove a story's lead image, or change its alt text, caption and credit."""
    story = get_object_or_404(Story, pk=pk)
    if not can_edit(request.user, story):
        raise PermissionDenied("Published stories are edited by editors. Ask an editor to change the picture.")
    if request.POST.get("action") == "remove":
        if story.image:
            with transaction.atomic():
                images.remove_story_image(story)
                revisions.record(story, user=request.user, action="lead image removed")
            messages.success(request, "Lead image removed.")
        return _back_to_image(story)

    alt = _one_line(request.POST.get("image_alt", ""), 400)
    caption = clean_controls(request.POST.get("image_caption", "")).strip()[:1000]
    credit = _one_line(request.POST.get("image_credit", ""), 200)
    errors = []
    try:
        upload = _uploaded(request)
    except images.ImageError as error:
        upload, errors = None, [f"Picture: {error}"]
    if not errors and upload is None and not story.image:
        errors.append("Picture: choose a picture file to upload (JPEG, PNG, WebP or GIF).")
    if not errors and not alt and _goes_out(story):
        where = "live" if story.status == Story.Status.PUBLISHED else "scheduled to be published"
        errors.append(
            f"Alt text: this story is {where}, so its picture needs alt text now. "
            "Describe what the picture shows for readers who cannot see it, e.g. “Firefighters carry a hose up a smoking hillside”."
        )
    if not errors:
        try:
            with transaction.atomic():
                if upload is not None:
                    data, name = upload
                    images.set_story_image(story, data, name=name, alt=alt, caption=caption, credit=credit)
                    action = f"lead image uploaded: {name}"
                else:
                    story.image_alt, story.image_caption, story.image_credit = alt, caption, credit
                    story.save()
                    action = "lead image text changed"
                revisions.record(story, user=request.user, action=action[:200])
        except images.ImageError as error:
            errors.append(f"Picture: {error}")
    if errors:
        form = {"image_alt": alt, "image_caption": caption, "image_credit": credit}
        return editor_page(request, story, errors=errors, image_form=form, status=400)
    if story.image_needs_alt:
        messages.warning(request, "Picture saved without alt text. The story cannot be published until you describe the picture.")
    else:
        messages.success(request, "Picture saved." if upload else "Picture details saved.")
    return _back_to_image(story)


@desk_only
@require_POST
def front_page_pick(request, pk):
    """Make the story the front page's lead (the editor's pick), or take it off; one pick at a time."""
    story = get_object_or_404(Story, pk=pk)
    if not can_publish(request.user):
        raise PermissionDenied("Editors choose the front page's lead story.")
    if request.POST.get("pick") == "1":
        with transaction.atomic():
            for other in Story.objects.select_for_update().filter(front_page_picked_at__isnull=False).exclude(pk=story.pk):
                other.front_page_picked_at = None
                other.save(update_fields=["front_page_picked_at", "updated_at"])
            story.front_page_picked_at = timezone.now()
            story.save(update_fields=["front_page_picked_at", "updated_at"])
            revisions.record(story, user=request.user, action="picked to lead the front page")
        if story.is_published:
            messages.success(request, "This story now leads the front page.")
        else:
            messages.success(request, "Picked to lead the front page: it leads once it is published. Until then the newest story leads.")
    else:
        with transaction.atomic():
            story.front_page_picked_at = None
            story.save(update_fields=["front_page_picked_at", "updated_at"])
            revisions.record(story, user=request.user, action="no longer the front page's pick")
        messages.success(request, "No longer the front page's pick: the newest story leads.")
    return HttpResponseRedirect(reverse("desk:story", args=[story.pk]) + "#front-page")


@desk_only
def authors(request):
    """Every author, with whether they have a bio and a photo yet."""
    return render(request, "desk/authors.html", {"authors": Author.objects.all(), "can_publish": can_publish(request.user)})


@desk_only
def author(request, pk):
    """An author's bio and photo, as their public page shows them; editors change them."""
    person = get_object_or_404(Author, pk=pk)
    errors: list[str] = []
    bio = person.bio
    status = 200
    if request.method == "POST":
        if not can_publish(request.user):
            raise PermissionDenied("Editors change authors' bios and photos.")
        if request.POST.get("action") == "remove_photo":
            if person.photo:
                images.remove_author_photo(person)
                messages.success(request, f"{person.name}'s photo removed.")
            return redirect("desk:author", pk=person.pk)
        bio = clean_controls(request.POST.get("bio", "")).strip()
        if len(bio) > MAX_BIO:
            errors.append(f"Bio: at most {MAX_BIO:,} characters (this has {len(bio):,}). Shorten it to a paragraph or two.")
        try:
            upload = _uploaded(request)
        except images.ImageError as error:
            upload = None
            errors.append(f"Photo: {error}")
        if not errors:
            try:
                with transaction.atomic():
                    person.bio = bio
                    person.save(update_fields=["bio"])
                    if upload is not None:
                        images.set_author_photo(person, upload[0], name=upload[1])
            except images.ImageError as error:
                errors.append(f"Photo: {error}")
        if not errors:
            messages.success(request, f"{person.name}'s page updated.")
            return redirect("desk:author", pk=person.pk)
        status = 400
    context = {"person": person, "bio": bio, "errors": errors, "can_publish": can_publish(request.user), "max_bio": MAX_BIO}
    return render(request, "desk/author.html", context, status=status)
