"""bulletin-qa: question answering over Chinese news bulletins."""

from .models import Answer, Article, Chunk, Citation, Hit, OffsetMap
from .retriever import Retriever, SearchFilters

__all__ = ["Answer", "Article", "Chunk", "Citation", "Hit", "OffsetMap", "Retriever", "SearchFilters"]
__version__ = "0.1.0"
