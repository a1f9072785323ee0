// Routes of the console. Without a session every route shows the login page; a session
// that ends (logout, or ID.1001 from any call) brings it back.
import { useEffect, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { resumeRunningJobs } from './api/jobs';
import { currentSession, onSessionChange } from './api/session';
import { AppLayout } from './components/AppLayout';
import { DashboardPage } from './pages/DashboardPage';
import { JobsPage } from './pages/JobsPage';
import { LoginPage } from './pages/LoginPage';
import { ResourceDetailPage } from './pages/ResourceDetailPage';
import { ResourceTablePage } from './pages/ResourceTablePage';

export function App() {
  const [session, setSession] = useState(currentSession);
  useEffect(() => onSessionChange(setSession), []);
  useEffect(() => {
    if (session) resumeRunningJobs();
  }, [session]);
  if (!session) return <LoginPage />;
  return (
    <AppLayout session={session}>
      <Routes>
        <Route path="/" element={<DashboardPage />} />
        <Route path="/jobs" element={<JobsPage />} />
        <Route path="/r/:slug" element={<ResourceTablePage />} />
        <Route path="/r/:slug/:uuid" element={<ResourceDetailPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </AppLayout>
  );
}
