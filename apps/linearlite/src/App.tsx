import type { Store } from '@livestore/livestore'
import { IssueList } from './components/IssueList.tsx'
import { NewIssueForm } from './components/NewIssueForm.tsx'
import { SyncIndicator } from './components/SyncIndicator.tsx'

export const App = ({ store, storeId }: { store: Store; storeId: string }) => (
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
