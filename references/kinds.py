"""The kinds of work a reference can be; each is formatted its own way in AMA style."""

from django.db import models


class Kind(models.TextChoices):
    JOURNAL = "journal", "Journal article"
    BOOK = "book", "Book"
    CHAPTER = "chapter", "Book chapter"
    THESIS = "thesis", "Thesis"
    WEBPAGE = "webpage", "Web page"
