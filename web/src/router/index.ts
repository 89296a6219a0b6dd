import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Permission } from '@/api/auth';
import { useUserStore } from '@/stores/user';

declare module 'vue-router' {
  interface RouteMeta {
    /** Locale key of the page title. */
    title?: string;
    /** Shown to anonymous users. */
    public?: boolean;
    /** The permission the page needs (a list: any of them); the server enforces it anyway. */
    permission?: Permission | Permission[];
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layout/AppLayout.vue'),
    children: [
      { path: '', redirect: { name: 'dashboard' } },
      {
        path: 'projects',
        name: 'projects',
        component: () => import('@/views/projects/list/index.vue'),
        meta: { title: 'menu.projects', permission: 'project.read' },
      },
      {
        path: 'projects/:id(\\d+)',
        name: 'project-detail',
        component: () => import('@/views/projects/detail/index.vue'),
        meta: { title: 'project.detailTitle', permission: 'project.read' },
        props: (r) => ({ id: Number(r.params.id) }),
      },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/home/index.vue'),
        meta: { title: 'menu.dashboard', permission: 'project.read' },
      },
      {
        path: 'figures',
        name: 'figures',
        component: () => import('@/views/figures/grid/index.vue'),
        meta: { title: 'menu.figures', permission: 'project.read' },
      },
      {
        path: 'targets',
        name: 'targets',
        component: () => import('@/views/targets/grid/index.vue'),
        meta: { title: 'menu.targets', permission: 'project.read' },
      },
      {
        path: 'indicator-settings',
        name: 'indicator-settings',
        component: () => import('@/views/settings/indicators/index.vue'),
        meta: { title: 'menu.indicatorSettings', permission: 'project.read' },
      },
      {
        path: 'activities',
        name: 'activities',
        component: () => import('@/views/activities/list/index.vue'),
        meta: { title: 'menu.activities', permission: 'activity.read' },
      },
      {
        path: 'weekly',
        name: 'weekly',
        component: () => import('@/views/weekly/report/index.vue'),
        meta: { title: 'menu.weekly', permission: 'weekly.read' },
      },
      {
        path: 'reports',
        name: 'reports',
        component: () => import('@/views/reports/home/index.vue'),
        meta: { title: 'menu.reports', permission: ['report.compose', 'report.read'] },
      },
      {
        path: 'reports/:id(\\d+)',
        name: 'report-published',
        component: () => import('@/views/reports/published/index.vue'),
        meta: { title: 'report.publishedTitle', permission: 'report.read' },
        props: (r) => ({ id: Number(r.params.id) }),
      },
      {
        path: 'investors',
        name: 'investors',
        component: () => import('@/views/investors/list/index.vue'),
        meta: { title: 'menu.investors', permission: 'investor.read' },
      },
      {
        path: 'imports',
        name: 'imports',
        component: () => import('@/views/imports/home/index.vue'),
        meta: { title: 'menu.imports', permission: 'import.write' },
      },
      {
        path: 'units',
        name: 'units',
        component: () => import('@/views/units/list/index.vue'),
        meta: { title: 'menu.units', permission: 'unit.admin' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/users/list/index.vue'),
        meta: { title: 'menu.users', permission: 'user.admin' },
      },
      {
        path: 'rules',
        name: 'rules',
        component: () => import('@/views/rules/list/index.vue'),
        meta: { title: 'menu.rules' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/not-found/index.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
});

router.beforeEach(async (to) => {
  const store = useUserStore();
  const user = await store.ensureSession().catch(() => null);
  if (to.meta.public) {
    if (user && to.name === 'login') return { name: 'projects' };
    return true;
  }
  if (!user) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (to.meta.permission && !store.canAny(to.meta.permission)) {
    return to.name === 'projects' ? { name: 'rules' } : { name: 'projects' };
  }
  return true;
});
