package dev.tandem.engine.store;

class MemoryDocumentStoreTest extends DocumentStoreContract {

    @Override
    DocumentStore open() {
        return new MemoryDocumentStore();
    }

    @Override
    DocumentStore crashAndReopen(DocumentStore store) {
        return ((MemoryDocumentStore) store).crash();
    }

    @Override
    DocumentStore reopen(DocumentStore store) throws StoreException {
        store.commit();
        return ((MemoryDocumentStore) store).crash();
    }

    @Override
    void breakWrites(DocumentStore store) {
        ((MemoryDocumentStore) store).failCommits(true);
    }

    @Override
    void healWrites(DocumentStore store) {
        ((MemoryDocumentStore) store).failCommits(false);
    }
}
