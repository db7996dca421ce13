"""Chinese search for the Chinese edition, without Sphinx 7's quadratic slowdown.

Loaded by _config.yml (``local_extensions``); it matters only when the book is built with
``language = zh_CN`` (tools/book_zh.py), where Sphinx indexes the pages with its Chinese
search language: jieba splits Chinese text into words, and Latin words are stemmed as in
English.

Sphinx 7.4's ``SearchChinese`` remembers every Latin word of the book in a *list* and, for
each word it stems, asks whether the word is in that list. The book has some 300,000 Latin
words (code, formulas, names), so the search index alone took 85 of the Chinese build's 120
seconds. This class keeps the same words in a set, which answers the same question at once;
it is registered with ``app.add_search_language``, Sphinx's own way of providing a search
language.
"""

import logging

import jieba
from sphinx.search.zh import SearchChinese

# jieba reports loading its dictionary ("Building prefix dict ...") on every build.
jieba.setLogLevel(logging.WARNING)


class FastSearchChinese(SearchChinese):
    """Sphinx's Chinese search, with the Latin terms in a set instead of a list."""

    def init(self, options):
        super().init(options)
        self.latin_terms = set()

    def split(self, input):
        """The words of ``input``: jieba's Chinese words, then the Latin words."""
        chinese = list(jieba.cut_for_search(input))
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return chinese + latin


def setup(app):
    app.add_search_language(FastSearchChinese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
