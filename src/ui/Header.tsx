import { BackendBadge } from './BackendBadge';
import { CopyLink } from './CopyLink';
import { PageNav, SkipLink } from './PageNav';

export function Header() {
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <div className="brand">
          <h1>H4H Explorer</h1>
          <span className="tagline">hardware-aware NAS of hybrid CNN/ViT models on NPU + compute-in-memory</span>
        </div>
        <CopyLink />
        <BackendBadge />
      </header>
      <PageNav />
    </>
  );
}
