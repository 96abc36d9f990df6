package dev.tandem.engine.store;

class MemoryMetaStoreTest extends MetaStoreContract {
    @Override
    protected MetaStore open() {
        return new MemoryMetaStore();
    }
}
