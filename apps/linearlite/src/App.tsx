import { IssueList } from './components/IssueList.tsx'
import { NewIssueForm } from './components/NewIssueForm.tsx'
import { SyncIndicator } from './components/SyncIndicator.tsx'
import type { AppStore } from './livestore/store.ts'

export const App = ({ store, storeId }: { store: AppStore; storeId: string }) => (
  <main>
    <header>
      <h1>LinearLite</h1>
      <span className="store-id">store {storeId}</span>
      <SyncIndicator store={store} />
    </header>
    <NewIssueForm store={store} />
    <IssueList store={store} />
  </main>
)
