package dev.tandem.cli.lab;

/** What one lock covers: the whole document (one key), or one paragraph (a key per paragraph). */
enum LockScope {
    DOCUMENT {
        @Override int keys() { return 1; }

        @Override int key(int paragraph) { return 0; }

        @Override Paragraphs.Range region(String text, int key) { return new Paragraphs.Range(0, text.length()); }
    },
    PARAGRAPH {
        @Override int keys() { return Paragraphs.COUNT; }

        @Override int key(int paragraph) { return paragraph; }

        @Override Paragraphs.Range region(String text, int key) { return Paragraphs.bounds(text, key); }
    };

    abstract int keys();

    /** The lock a user needs to type into {@code paragraph}. */
    abstract int key(int paragraph);

    /** The stretch of {@code text} that lock {@code key} covers. */
    abstract Paragraphs.Range region(String text, int key);
}
