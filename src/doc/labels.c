/* Words the book itself says (not the author): in the book's language where
 * octavo knows it, else in English. */
#include "doc/doc.h"

#include <string.h>

struct label_set {
    const char *language; /* a primary language subtag */
    const char *text[DOC_LABEL__COUNT];
};

static const struct label_set label_sets[] = {
    {"en",
     {
         [DOC_LABEL_INSERTED] = "inserted: ",
         [DOC_LABEL_DELETED] = "deleted: ",
         [DOC_LABEL_CHANGES_TITLE] = "Changes in this edition",
         [DOC_LABEL_CHANGES_SINCE] = "Changes since edition %s.",
         [DOC_LABEL_RELEASE_NOTES] = "Release notes",
         [DOC_LABEL_CHAPTERS_SECTIONS] = "Chapters and sections",
         [DOC_LABEL_ADDED] = "added",
         [DOC_LABEL_REMOVED] = "removed",
         [DOC_LABEL_MOVED] = "moved",
         [DOC_LABEL_CHANGED] = "changed",
         [DOC_LABEL_WORDS_ADDED] = "%zu words added",
         [DOC_LABEL_WORDS_REMOVED] = "%zu words removed",
         [DOC_LABEL_WORD_ADDED] = "1 word added",
         [DOC_LABEL_WORD_REMOVED] = "1 word removed",
         [DOC_LABEL_WORDS] = "%zu words",
         [DOC_LABEL_OLD_PAGE] = "p. %1$s in %2$s",
         [DOC_LABEL_NO_CHANGES] = "No chapter or section changed.",
         [DOC_LABEL_REDLINE_TITLE] = "Changes marked in this copy",
         [DOC_LABEL_REDLINE_PAGES] = "Pages with changes since edition %s:",
         [DOC_LABEL_REDLINE_NONE] = "No page changed since edition %s.",
         [DOC_LABEL_CHAPTER_NUMBER] = "Chapter %zu",
         [DOC_LABEL_CONTENTS] = "Contents",
         [DOC_LABEL_NOTES] = "Notes",
         [DOC_LABEL_COVER] = "Cover",
         [DOC_LABEL_COVER_OF] = "Cover of %s",
         [DOC_LABEL_TITLE_PAGE] = "Title page",
         [DOC_LABEL_COLOPHON] = "Colophon",
         [DOC_LABEL_START_OF_CONTENT] = "Start of content",
         [DOC_LABEL_PAGES] = "Pages",
         [DOC_LABEL_EDITION] = "Edition %s",
         [DOC_LABEL_PUBLISHED_BY] = "Published by %s",
         [DOC_LABEL_TASK_DONE] = "done:",
         [DOC_LABEL_TASK_TODO] = "to do:",
     }},
    {"zh",
     {
         [DOC_LABEL_INSERTED] = "插入：",
         [DOC_LABEL_DELETED] = "删除：",
         [DOC_LABEL_CHANGES_TITLE] = "本版变更",
         [DOC_LABEL_CHANGES_SINCE] = "自 %s 版以来的变更。",
         [DOC_LABEL_RELEASE_NOTES] = "版本说明",
         [DOC_LABEL_CHAPTERS_SECTIONS] = "章节",
         [DOC_LABEL_ADDED] = "新增",
         [DOC_LABEL_REMOVED] = "删除",
         [DOC_LABEL_MOVED] = "移动",
         [DOC_LABEL_CHANGED] = "修改",
         [DOC_LABEL_WORDS_ADDED] = "增加 %zu 词",
         [DOC_LABEL_WORDS_REMOVED] = "删除 %zu 词",
         [DOC_LABEL_WORD_ADDED] = "增加 1 词",
         [DOC_LABEL_WORD_REMOVED] = "删除 1 词",
         [DOC_LABEL_WORDS] = "%zu 词",
         [DOC_LABEL_OLD_PAGE] = "%2$s 版第 %1$s 页",
         [DOC_LABEL_NO_CHANGES] = "没有章节变更。",
         [DOC_LABEL_REDLINE_TITLE] = "本册标出的变更",
         [DOC_LABEL_REDLINE_PAGES] = "自 %s 版以来有变更的页：",
         [DOC_LABEL_REDLINE_NONE] = "自 %s 版以来没有页面变更。",
         [DOC_LABEL_CHAPTER_NUMBER] = "第 %zu 章",
         [DOC_LABEL_CONTENTS] = "目录",
         [DOC_LABEL_NOTES] = "注释",
         [DOC_LABEL_COVER] = "封面",
         [DOC_LABEL_COVER_OF] = "《%s》封面",
         [DOC_LABEL_TITLE_PAGE] = "书名页",
         [DOC_LABEL_COLOPHON] = "版权页",
         [DOC_LABEL_START_OF_CONTENT] = "正文开始",
         [DOC_LABEL_PAGES] = "页码",
         [DOC_LABEL_EDITION] = "第 %s 版",
         [DOC_LABEL_PUBLISHED_BY] = "%s 出版",
         [DOC_LABEL_TASK_DONE] = "已完成：",
         [DOC_LABEL_TASK_TODO] = "待办：",
     }},
};

const char *doc_label(const char *language, enum doc_label label)
{
    const struct label_set *set = &label_sets[0];
    size_t n = sizeof label_sets / sizeof label_sets[0];
    for (size_t i = 0; language && i < n; i++) {
        size_t len = strlen(label_sets[i].language);
        if (!strncmp(language, label_sets[i].language, len) &&
            (language[len] == '\0' || language[len] == '-' || language[len] == '_'))
            set = &label_sets[i];
    }
    return set->text[label] ? set->text[label] : label_sets[0].text[label];
}
