import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import './styles/main.css';
import App from './App.vue';
import { router } from './router';
import { i18n } from './locales';
import { onUnauthorized } from './utils/request';
import { useUserStore } from './stores/user';
import { useMetaStore } from './stores/meta';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
app.use(router);

// Any 401 means the session is gone: forget it and go to the login page, coming back after.
onUnauthorized(() => {
  const store = useUserStore(pinia);
  store.clear();
  useMetaStore(pinia).reset();
  const current = router.currentRoute.value;
  if (current.name !== 'login') {
    void router.replace({ name: 'login', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} });
  }
});

app.mount('#app');
